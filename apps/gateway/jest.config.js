const { withSwaggerPlugin } = require('../../jest.preset');

module.exports = { ...withSwaggerPlugin('<rootDir>/tsconfig.spec.json'), displayName: 'gateway', rootDir: __dirname };
