module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'screen-report',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // The explanation runs real ONNX models: share the main realm's typed arrays (see libs/models/jest-environment.js).
  testEnvironment: '<rootDir>/../models/jest-environment.js',
};
