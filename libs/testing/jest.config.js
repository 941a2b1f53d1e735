const { base } = require('../../jest.preset');

module.exports = { ...base, displayName: 'testing', rootDir: __dirname };
