// Webpack settings shared by every Node app: bundle our own code, keep node_modules external,
// and optionally run the @nestjs/swagger CLI plugin so DTO schemas are inferred from their types.
const { join } = require('node:path');
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const swaggerPluginOptions = require('./swagger-plugin-options');

function nodeAppWebpackConfig(projectDir, { outputName, swaggerPlugin = false, additionalEntryPoints = [] }) {
  return {
    output: { path: join(__dirname, '../../dist/apps', outputName) },
    devtool: 'source-map',
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        additionalEntryPoints,
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
        transformers: swaggerPlugin ? [{ name: '@nestjs/swagger/plugin', options: swaggerPluginOptions }] : [],
      }),
    ],
  };
}

module.exports = { nodeAppWebpackConfig };
