// Shared Jest settings. Every project compiles TypeScript with SWC (fast, same decorator semantics as tsc);
// projects whose tests need the @nestjs/swagger CLI plugin use `withSwaggerPlugin` (ts-jest + the plugin).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

const swcConfig = JSON.parse(readFileSync(join(__dirname, '.swcrc'), 'utf8'));

const base = {
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: join(__dirname, '/') }),
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swcConfig, swcrc: false }] },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
};

function withSwaggerPlugin(tsconfig) {
  return {
    ...base,
    transform: {
      '^.+\\.ts$': [
        'ts-jest',
        {
          tsconfig,
          astTransformers: { before: [join(__dirname, 'tools/build/swagger-jest-transformer.js')] },
        },
      ],
    },
  };
}

module.exports = { base, withSwaggerPlugin };
