import { DEFAULT_GRADES, type GradeBoundaries, HEALTH_COMPONENTS } from '@perfscope/catalog';
import type { ThresholdsSource as AnyThresholdsSource } from '../thresholdsSource';

/**
 * Where thresholds, weights and Apdex T come from, in both panels' words: `app` the app settings
 * (the catalog's until an admin changes them), `auto` this panel's own values where set.
 */
export type ThresholdsSource = Extract<AnyThresholdsSource, 'app' | 'auto'>;
/** The thresholds sources the health panel offers: the app settings, or its own values where set. */
export const HEALTH_SOURCES: readonly ThresholdsSource[] = ['app', 'auto'];
/** How the score is shown: a gauge, a large number, or one compact line. */
export type ScoreDisplay = 'gauge' | 'number' | 'compact';

/** One health component as the panel is set up: on or off, and (with the panel as source) its values. */
export interface ComponentOption {
  /** Catalog signal id, e.g. `http_error_rate`. */
  id: string;
  enabled: boolean;
  /** Panel weight; empty keeps the app settings' (or catalog's) weight. */
  weight?: number;
  /** Panel thresholds; empty keeps the app settings' (or catalog's). */
  warning?: number;
  critical?: number;
  /** Where the component's name links to; empty: its area dashboard. */
  link?: string;
}

/** A series mapped to a component: `source` is a query refId or a series (field) name. */
export interface MappingRule {
  source: string;
  component: string;
}

export interface Options {
  components: ComponentOption[];
  /** Extra series → component mappings; series named after a component id need none. */
  mappings: MappingRule[];
  thresholdsSource: ThresholdsSource;
  /** Apdex T in seconds when the panel is the source; empty keeps the app settings' T. */
  apdexT?: number;
  grades: GradeBoundaries;
  display: ScoreDisplay;
  /** Decimals of component values. */
  decimals: number;
  /** Decimals of the score and of the points each component costs. */
  scoreDecimals: number;
  showTrend: boolean;
  showBreakdown: boolean;
  /** Whose levels the app settings give (see serviceLevels.ts): a service name or `$service`; empty for the settings'. */
  service?: string;
}

export const defaultComponents = (): ComponentOption[] =>
  HEALTH_COMPONENTS.map((c) => ({ id: c.signal, enabled: true }));

export const defaultOptions: Options = {
  components: defaultComponents(),
  mappings: [],
  thresholdsSource: 'app',
  apdexT: undefined,
  grades: { ...DEFAULT_GRADES },
  display: 'gauge',
  decimals: 2,
  scoreDecimals: 0,
  showTrend: true,
  showBreakdown: true,
};
