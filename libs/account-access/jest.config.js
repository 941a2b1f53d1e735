const { base } = require('../../jest.preset');

module.exports = { ...base, displayName: 'account-access', rootDir: __dirname };
