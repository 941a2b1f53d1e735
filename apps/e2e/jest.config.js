const { base } = require('../../jest.preset');

// End-to-end: the built apps run as real processes on a private NATS and a fresh Postgres database.
module.exports = { ...base, displayName: 'e2e', rootDir: __dirname, testTimeout: 60_000, testMatch: ['<rootDir>/src/**/*.e2e.spec.ts'] };
