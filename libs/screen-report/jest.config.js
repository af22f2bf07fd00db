module.exports = { ...require('../../jest.preset.js'), displayName: 'screen-report', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
