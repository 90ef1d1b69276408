const path = require('node:path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const HtmlWebpackPlugin = require('html-webpack-plugin');

const DEV_URL = 'https://localhost:3000/';
// Where the production build is hosted; manifest.xml in dist/ points here: ADDIN_URL=https://billing.example.org/
// npm run build. Without it, a placeholder host that the manifest check accepts and no Excel can load.
const PRODUCTION_URL = (() => {
  const url = process.env.ADDIN_URL || 'https://csp-billing.example.com/';
  if (!/^https:\/\/[^/]+(\/.*)?$/.test(url)) throw new Error(`ADDIN_URL must be an https:// address, not "${url}"`);
  return url.endsWith('/') ? url : `${url}/`;
})();

module.exports = async (env, argv) => {
  const production = argv.mode === 'production';
  // The import worker (src/import/worker.ts) and the demo's sample files are not entries: webpack finds them through
  // `new Worker(new URL(...))` and `new URL(..., import.meta.url)` and emits them as chunks and assets of the pane.
  const entry = { taskpane: './src/taskpane/index.tsx' };

  return {
    entry,
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].[contenthash:8].js',
      chunkFilename: '[name].[contenthash:8].js',
      assetModuleFilename: 'assets/[name].[contenthash:8][ext]',
      clean: true,
    },
    devtool: production ? 'source-map' : 'eval-cheap-module-source-map',
    resolve: { extensions: ['.ts', '.tsx', '.js'] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          // Type checking is `tsc --noEmit` in lint; the bundle only needs transpiling.
          use: { loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { noEmit: false } } },
        },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        template: './src/taskpane/taskpane.html',
        filename: 'taskpane.html',
        chunks: ['taskpane'],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) =>
              production ? content.toString().replaceAll(DEV_URL, PRODUCTION_URL) : content,
          },
        ],
      }),
    ],
    // React + Fluent UI make a few hundred KB; warn only when the task pane gets really heavy.
    performance: { hints: production ? 'warning' : false, maxEntrypointSize: 1_500_000, maxAssetSize: 1_500_000 },
    // Certificates only for `webpack serve`: production builds and CI must not need them.
    devServer: env.WEBPACK_SERVE
      ? {
          port: Number(process.env.npm_package_config_dev_server_port || 3000),
          headers: { 'Access-Control-Allow-Origin': '*' },
          server: { type: 'https', options: await require('office-addin-dev-certs').getHttpsServerOptions() },
        }
      : undefined,
  };
};
