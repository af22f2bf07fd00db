module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'screening',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The pipeline runs the ONNX models: same realm fix as libs/models (see its jest-environment.js).
  testEnvironment: '<rootDir>/../models/jest-environment.js',
};
