module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'worker-process',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
