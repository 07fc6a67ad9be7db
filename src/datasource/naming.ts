import type { DataFrame } from '@grafana/data';
import {
  type CatalogOptions,
  DEFAULT_APDEX_T,
  type HealthComponentDef,
  type PerfscopeSettings,
  type SignalDef,
  findSignalIn,
  healthComponentsOf,
  namingOptions,
  signalsOf,
} from '@perfscope/catalog';
import { settingsReadProblem } from '../settings';

/** What the app settings change in the catalog's queries. */
export interface Naming {
  /** Namespace prefix, label mapping and Apdex T (empty: the instrumentation kit's names, the default T). */
  options: Partial<CatalogOptions>;
  /** Why the settings could not be read: a notice on the frames of catalog queries. */
  problem?: string;
  /** Every signal: the catalog's and the settings' custom ones. */
  signals: readonly SignalDef[];
  /** A signal by id among them. */
  find(id: string): SignalDef | undefined;
  /** The health components a Health query expands to. */
  health: readonly HealthComponentDef[];
}

/** The naming the app settings call for (undefined settings: the catalog's defaults). */
export function namingFrom(settings: PerfscopeSettings | undefined): Naming {
  return {
    options: namingOptions(settings),
    signals: signalsOf(settings),
    find: (id) => findSignalIn(id, settings),
    health: healthComponentsOf(settings),
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
