// The whole suite: every project's Jest config (unit, integration on real Postgres/NATS, and end-to-end).
// `testTimeout` is a global option: in a multi-project run the projects' own values are ignored, so the longest
// (end-to-end suites start real processes) is set here.
module.exports = {
  projects: ['<rootDir>/apps/*/jest.config.js', '<rootDir>/libs/*/jest.config.js'],
  testTimeout: 60_000,
};
