const { base } = require('../../jest.preset');

module.exports = { ...base, displayName: 'directory-service', rootDir: __dirname };
