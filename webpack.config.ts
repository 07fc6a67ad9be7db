import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

/**
 * The scaffold copies only the logos named in the app's own plugin.json; nested plugins
 * (panels/stream, panels/healthscore, datasource) keep their logos in their own img/ folders.
 */
const config = async (env: Env): Promise<Configuration> =>
  merge(await grafanaConfig(env), {
    optimization: {
      splitChunks: {
        cacheGroups: {
          // The Foundation SDK, in a chunk of its own beside the dashboard builders that use it.
          foundationSdk: {
            test: /[\\/]node_modules[\\/]@grafana[\\/]grafana-foundation-sdk[\\/]/,
            name: 'dashboard-builders-sdk',
            chunks: 'async',
          },
        },
      },
    },
    performance: {
      // The dashboard builders (the Foundation SDK: 400 KiB, 40 KiB gzipped) load only when an admin
      // reviews the dashboard sync on the configuration page; every other asset keeps webpack's limit.
      assetFilter: (name: string) => /\.js(\?|$)/.test(name) && !name.startsWith('dashboard-builders'),
    },
    plugins: [
      new CopyWebpackPlugin({
        patterns: [{ from: '*/**/img/*.{svg,png}', to: '[path][name][ext]', noErrorOnMissing: false }],
      }),
    ],
  });

export default config;
