module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'drift',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The domain check reads typed arrays made by RDKit's WebAssembly: share the main realm's (libs/models).
  testEnvironment: '<rootDir>/../models/jest-environment.js',
};
