const { base } = require('../../jest.preset');

module.exports = { ...base, displayName: 'sdk', rootDir: __dirname };
