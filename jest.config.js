// Every project's Jest config; `npm test` runs them all.
module.exports = { projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/apps/*/jest.config.js'] };
