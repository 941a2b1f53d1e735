const { base } = require('../../jest.preset');

module.exports = { ...base, displayName: 'auth-service', rootDir: __dirname };
