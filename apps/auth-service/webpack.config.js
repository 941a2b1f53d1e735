const { nodeAppWebpackConfig } = require('../../tools/build/node-app.webpack');

module.exports = nodeAppWebpackConfig(__dirname, { outputName: 'auth-service', additionalEntryPoints: [{ entryName: 'admin', entryPath: 'apps/auth-service/src/admin/admin.cli.ts' }] });
