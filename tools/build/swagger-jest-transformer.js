// ts-jest AST transformer running the @nestjs/swagger CLI plugin, so tests see the same DTO schemas as the build.
const swaggerPlugin = require('@nestjs/swagger/plugin');
const options = require('./swagger-plugin-options');

module.exports = {
  name: 'nestjs-swagger-transformer',
  version: 1,
  factory: (compiler) => swaggerPlugin.before(options, compiler.program),
};
