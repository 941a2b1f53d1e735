const { nodeAppWebpackConfig } = require('../../tools/build/node-app.webpack');

module.exports = nodeAppWebpackConfig(__dirname, {
  outputName: 'gateway',
  swaggerPlugin: true,
  additionalEntryPoints: [{ entryName: 'openapi', entryPath: 'apps/gateway/src/openapi/write-openapi.ts' }],
});
