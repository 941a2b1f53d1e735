const { base } = require('../../jest.preset');

module.exports = { ...base, displayName: 'sync-service', rootDir: __dirname };
