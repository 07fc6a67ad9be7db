/**
 * Deploys, from the build a service runs (`app_build_info{version, commit}`, or the team's
 * equivalent through the naming presets): a version that was not running a moment before is a
 * deploy. Dashboards draw it as an annotation, the Service page lists it.
 */
import { createContext } from './promql';
import { resolveOptions } from './options';
import type { CatalogOptions } from './types';

/** The metric the deploys are read from. */
export const BUILD_INFO_METRIC = 'app_build_info';

/**
 * How long a version must have been absent to count as new: longer than a scrape gap (a restart, a
 * missed scrape), shorter than a rollout; the marker lasts this long from the deploy.
 */
export const DEPLOY_LOOKBACK = '2m';

/**
 * One series per service (the options' groupBy) and version for the `DEPLOY_LOOKBACK` after that
 * version started running: `max by (job, version) (app_build_info) unless … offset 2m`. A new instance
 * of a version already running is no deploy; a version that comes back after the lookback is one.
 */
export function deployPromQL(options?: Partial<CatalogOptions>): string {
  const ctx = createContext(resolveOptions(options));
  const version = ctx.label(BUILD_INFO_METRIC, 'version');
  const running = (inner: (s: string) => string) => ctx.aggregate(BUILD_INFO_METRIC, 'max', inner, {}, [version]);
  return `${running((s) => s)} unless ${running((s) => `${s} offset ${DEPLOY_LOOKBACK}`)}`;
}

/** The label of the deploy series that holds the version, as the team's metric names it. */
export function deployVersionLabel(options?: Partial<CatalogOptions>): string {
  return createContext(resolveOptions(options)).label(BUILD_INFO_METRIC, 'version');
}
