const { base } = require('../../jest.preset');

module.exports = { ...base, displayName: 'crm-service', rootDir: __dirname };
