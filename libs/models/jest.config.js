module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'models',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // onnxruntime-node returns main-realm typed arrays: see jest-environment.js.
  testEnvironment: '<rootDir>/jest-environment.js',
};
