module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'model-registry',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Evaluations and shadow runs score with real ONNX models: share the main realm's typed arrays
  // (see libs/models/jest-environment.js).
  testEnvironment: '<rootDir>/../models/jest-environment.js',
};
