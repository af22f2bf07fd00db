module.exports = { ...require('../../jest.preset.js'), displayName: 'screening', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
