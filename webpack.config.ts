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
    plugins: [
      new CopyWebpackPlugin({
        patterns: [{ from: '*/**/img/*.{svg,png}', to: '[path][name][ext]', noErrorOnMissing: false }],
      }),
    ],
  });

export default config;
