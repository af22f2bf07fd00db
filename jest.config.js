// Every project's Jest config; `npm test` runs them all. testTimeout is a global option (ignored inside
// `projects`), so it is set here: the reference suites process thousands of molecules.
module.exports = { projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/apps/*/jest.config.js', '<rootDir>/workers/*/jest.config.js'], testTimeout: 120000 };
