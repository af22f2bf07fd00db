module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'trial-worker',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
