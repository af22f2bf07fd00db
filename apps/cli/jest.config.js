module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'cli',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The screen test scores molecules with onnxruntime-node in Jest: same realm fix as libs/models (see its
  // jest-environment.js).
  testEnvironment: '<rootDir>/../../libs/models/jest-environment.js',
};
