import { type DataFrame, FieldType } from '@grafana/data';
import {
  type PerfscopeSettings,
  evaluate,
  getSignal,
  recordName,
  serviceLabelOf,
  serviceThresholds,
} from '@perfscope/catalog';
import type { Query } from '../../datasource/types';

/** The signal the Overview compares with last week: the p95, as recorded per service. */
export const REGRESSION_SIGNAL = 'http_latency_p95_wow';

/** Each service's p95 against the same time last week (the recording rule: O(services)). */
export function regressionQueries(settings: PerfscopeSettings | undefined): Query[] {
  const label = serviceLabelOf(settings);
  return [
    {
      refId: REGRESSION_SIGNAL,
      mode: 'promql',
      expr: `max by (${label}) (${recordName(REGRESSION_SIGNAL)})`,
      instant: true,
    },
  ];
}

export interface Regression {
  readonly service: string;
  /** 0.3: the p95 is 30 % higher than at the same time last week. */
  readonly change: number;
  readonly severity: 'warning' | 'critical';
}

/**
 * The services whose p95 is worse than last week past their warning level (the settings', or the
 * service's own), worst first.
 */
export function regressionsFrom(frames: readonly DataFrame[], settings: PerfscopeSettings | undefined): Regression[] {
  const label = serviceLabelOf(settings);
  const signal = getSignal(REGRESSION_SIGNAL);
  const found: Regression[] = [];
  for (const frame of frames.filter((f) => f.refId === REGRESSION_SIGNAL)) {
    const field = frame.fields.find((f) => f.type === FieldType.number);
    const service = field?.labels?.[label];
    const values = (field?.values ?? []) as ArrayLike<number | null>;
    const change = values[values.length - 1];
    if (service === undefined || change === null || change === undefined || Number.isNaN(change)) {
      continue;
    }
    const status = evaluate(signal, change, serviceThresholds(signal, service, settings));
    if (status === 'warning' || status === 'critical') {
      found.push({ service, change, severity: status });
    }
  }
  return found.sort((a, b) => b.change - a.change || a.service.localeCompare(b.service));
}
