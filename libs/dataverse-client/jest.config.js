const { base } = require('../../jest.preset');

// test/ holds the suites that run against the built emulator over HTTP.
module.exports = { ...base, displayName: 'dataverse-client', rootDir: __dirname, testTimeout: 60_000 };
