import type { DataFrame } from '@grafana/data';
import {
  type CatalogOptions,
  type PerfscopeSettings,
  DEFAULT_APDEX_T,
  apdexPromQL,
  apdexTarget,
  namingOptions,
} from '@perfscope/catalog';
import { settingsReadProblem } from '../settings';

/** What the app settings change in the catalog's queries. */
export interface Naming {
  /** Namespace prefix and label mapping (empty: the instrumentation kit's names). */
  options: Partial<CatalogOptions>;
  /** A signal's query when the settings change more than its names (Apdex at the app's T); else undefined. */
  expression(signal: string, options: CatalogOptions): string | undefined;
  /** Why the settings could not be read: a notice on the frames of catalog queries. */
  problem?: string;
}

/** The naming the app settings call for (undefined settings: the catalog's defaults). */
export function namingFrom(settings: PerfscopeSettings | undefined): Naming {
  const t = settings?.health?.apdexT;
  const apdex = t !== undefined && t !== DEFAULT_APDEX_T ? apdexTarget(t) : undefined;
  return {
    options: namingOptions(settings),
    expression: (signal, options) =>
      signal === 'http_apdex' && apdex?.ok ? apdexPromQL(apdex.target, options) : undefined,
  };
}

/**
 * The catalog's naming, and why the app settings could not be read, in the words the panels use for
 * the same failure (settingsReadProblem).
 */
export function namingProblem(error: unknown): Naming {
  return {
    ...namingFrom(undefined),
    problem: `${settingsReadProblem(error)}: catalog queries use the instrumentation kit's metric names (no namespace prefix or label mapping) and Apdex T = ${DEFAULT_APDEX_T} s.`,
  };
}

/** The frames with a warning notice added, when there is a problem to tell. */
export function withNotice(frames: DataFrame[], problem: string | undefined): DataFrame[] {
  if (!problem) {
    return frames;
  }
  return frames.map((frame) => ({
    ...frame,
    meta: { ...frame.meta, notices: [...(frame.meta?.notices ?? []), { severity: 'warning', text: problem }] },
  }));
}
