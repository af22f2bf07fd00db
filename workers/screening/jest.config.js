module.exports = { ...require('../../jest.preset.js'), displayName: 'screen-worker', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
