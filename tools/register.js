// Require hook: compiles the project's TypeScript on the fly with SWC (decorator metadata
// included, which NestJS dependency injection needs). Packages in node_modules are left to
// Node itself (Node >= 20.19 can require() the ES-module-only NestJS 12 packages).
'use strict';
const { addHook } = require('pirates');
const { transformSync } = require('@swc/core');
const swcOptions = require('./swc-options');

require('source-map-support/register');

addHook((code, filename) => transformSync(code, swcOptions(filename)).code, {
  exts: ['.ts'],
  ignoreNodeModules: true,
});
