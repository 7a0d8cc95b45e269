// One SWC configuration for running TypeScript (npm start, the CLI, benches) and for jest,
// so that what the tests execute is compiled exactly like what production executes.
'use strict';
module.exports = function swcOptions(filename) {
  const isTs = /\.tsx?$/.test(filename);
  return {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs', ignoreDynamic: true },
    jsc: {
      target: 'es2022',
      parser: isTs ? { syntax: 'typescript', decorators: true } : { syntax: 'ecmascript' },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
  };
};
