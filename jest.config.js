// The whole suite: every project's Jest config (unit, integration on real Postgres/NATS, and end-to-end).
module.exports = {
  projects: ['<rootDir>/apps/*/jest.config.js', '<rootDir>/libs/*/jest.config.js'],
};
