module.exports = { ...require('../../jest.preset.js'), displayName: 'chem', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.spec.ts'] };
