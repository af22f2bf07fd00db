module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'trial',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
