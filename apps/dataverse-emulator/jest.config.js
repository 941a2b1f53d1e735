const { base } = require('../../jest.preset');

module.exports = { ...base, displayName: 'dataverse-emulator', rootDir: __dirname };
