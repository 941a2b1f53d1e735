const { base } = require('../../jest.preset');

module.exports = { ...base, displayName: 'dataverse-client', rootDir: __dirname };
