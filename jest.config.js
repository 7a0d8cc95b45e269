// One jest run for the whole workspace: unit specs beside the code, cross-process tests in test/.
'use strict';
const swcOptions = require('./tools/swc-options');

/** ES-module-only packages that jest's own module loader must see as CommonJS. */
const esmPackages = ['@nestjs', 'jose', 'uuid'];

const swcJest = ['@swc/jest', { ...swcOptions('x.ts'), filename: undefined, sourceMaps: 'inline' }];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.test.ts'],
  transform: {
    '^.+\\.ts$': swcJest,
    '^.+\\.m?js$': ['@swc/jest', { module: { type: 'commonjs' }, jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json', 'node'],
  testTimeout: 30000,
  // A leaked handle in one test file (a socket a library keeps open) must not hang CI after
  // every test has finished; jest still reports the suites' results first.
  forceExit: true,
};
