const { base } = require('../../jest.preset');

module.exports = { ...base, displayName: 'unified-models', rootDir: __dirname };
