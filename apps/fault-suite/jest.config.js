const { base } = require('../../jest.preset');

// The fault suite: the built apps as real processes under load while something breaks (a replica killed or stopped,
// NATS or Postgres restarted, the emulator throttling, failing or slow, Entra down). Each scenario prints its figures
// (requests sent, failed, recovery times) and they are collected in tmp/fault-suite/figures.json.
module.exports = { ...base, displayName: 'fault-suite', rootDir: __dirname, testMatch: ['<rootDir>/src/**/*.fault.spec.ts'] };
