// Shared Jest settings: SWC transpiles TypeScript (type checking is `npm run typecheck`),
// path aliases come from tsconfig.base.json so tests import libs exactly as apps do.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias}$`] = path.join(__dirname, target);
}

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testTimeout: 60000,
};
