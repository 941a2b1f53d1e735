const { base } = require('../../jest.preset');

module.exports = { ...base, displayName: 'service-kit', rootDir: __dirname };
