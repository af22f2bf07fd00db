// The web interface's pure helpers (query strings, number formatting, chart scales, the event-stream parser) run
// in Node; the pages themselves are tested in a real browser by apps/api/test/web-ui.e2e-spec.ts.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'web',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
