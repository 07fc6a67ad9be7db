import type { DataFrame } from '@grafana/data';
import { lastNumber, numberField } from '../../components/frames';
import {
  type Grade,
  type PerfscopeSettings,
  type Status,
  buildPromQL,
  evaluate,
  getSignal,
  grade,
  perServiceOptions,
  serviceLabelOf,
  serviceThresholds,
} from '@perfscope/catalog';
import type { Query } from '../../datasource/types';

/** The signals of a service's row, in column order (the health score is its own column). */
export const SERVICE_SIGNALS = ['http_request_rate', 'http_error_rate', 'http_latency_p95', 'http_apdex'] as const;
export type ServiceSignal = (typeof SERVICE_SIGNALS)[number];

/** refId of the health-score query: the recording rule, one series per service. */
export const HEALTH_REF = 'health_score';

/**
 * The page's queries, as raw PromQL through the Perfscope datasource: each signal per service in
 * the settings' naming (one series per value of the service label), and the recorded health score.
 */
export function serviceQueries(settings: PerfscopeSettings | undefined, pollSeconds = 10): Query[] {
  const options = perServiceOptions(settings);
  const label = serviceLabelOf(settings);
  return [
    ...SERVICE_SIGNALS.map((id) => ({ id, expr: buildPromQL(id, options) })),
    { id: HEALTH_REF, expr: `min by (${label}) (perfscope:health_score)` },
  ].map(({ id, expr }) => ({
    refId: id,
    mode: 'promql',
    expr,
    legendFormat: `{{${label}}}`,
    stream: true,
    pollSeconds,
  }));
}

export interface ServiceCell {
  /** The latest value; undefined when the service has no data for it. */
  value?: number;
  /** Against the service's own levels (the settings', or its own under `services`). */
  status: Status;
}

export interface ServiceRow {
  service: string;
  cells: Record<ServiceSignal, ServiceCell>;
  /** The recorded health score (0–100) and its grade; no score without the recording rules. */
  score?: number;
  grade?: Grade;
  /** The worst status of the row's cells (no data counts worse than OK). */
  status: Status;
}

const RANK: Readonly<Record<Status, number>> = { ok: 0, 'no-data': 1, warning: 2, critical: 3 };

/** The latest number of a frame and the service it belongs to (its series' service label). */
function latestByService(frame: DataFrame, label: string): [string, number] | undefined {
  const field = numberField(frame);
  const service = field?.labels?.[label];
  const value = lastNumber(field);
  return service === undefined || value === undefined ? undefined : [service, value];
}

/**
 * One row per service seen in any answer, with each signal's latest value and status and the
 * health score; a service without data for a signal reads No data there, never a healthy 0.
 */
export function serviceRows(frames: readonly DataFrame[], settings: PerfscopeSettings | undefined): ServiceRow[] {
  const label = serviceLabelOf(settings);
  const values = new Map<string, Map<string, number>>();
  for (const frame of frames) {
    const latest = latestByService(frame, label);
    if (latest && frame.refId) {
      const [service, v] = latest;
      const row = values.get(service) ?? new Map<string, number>();
      row.set(frame.refId, v);
      values.set(service, row);
    }
  }
  return [...values.entries()].map(([service, own]) => {
    const cells = Object.fromEntries(
      SERVICE_SIGNALS.map((id) => {
        const signal = getSignal(id);
        const value = own.get(id);
        const levels = serviceThresholds(signal, service, settings);
        return [id, { value, status: evaluate(signal, value, levels) }];
      })
    ) as Record<ServiceSignal, ServiceCell>;
    const score = own.get(HEALTH_REF);
    const status = Object.values(cells).reduce<Status>((w, c) => (RANK[c.status] > RANK[w] ? c.status : w), 'ok');
    return { service, cells, score, grade: score === undefined ? undefined : grade(score), status };
  });
}

export type SortKey = 'worst' | 'service' | 'score' | ServiceSignal;

/**
 * Rows in order. `worst` (the default): lowest health score first, then the worst status, then the
 * highest error rate; rows without a value for the key go last whatever the direction.
 */
export function sortRows(rows: readonly ServiceRow[], key: SortKey = 'worst', descending = false): ServiceRow[] {
  const sorted = [...rows];
  if (key === 'worst') {
    return sorted.sort(
      (a, b) =>
        (a.score ?? Infinity) - (b.score ?? Infinity) ||
        RANK[b.status] - RANK[a.status] ||
        (b.cells.http_error_rate.value ?? -1) - (a.cells.http_error_rate.value ?? -1) ||
        a.service.localeCompare(b.service)
    );
  }
  const valueOf = (r: ServiceRow) => (key === 'service' ? undefined : key === 'score' ? r.score : r.cells[key].value);
  return sorted.sort((a, b) => {
    if (key === 'service') {
      return descending ? b.service.localeCompare(a.service) : a.service.localeCompare(b.service);
    }
    const [x, y] = [valueOf(a), valueOf(b)];
    if (x === undefined || y === undefined) {
      return x === y ? a.service.localeCompare(b.service) : x === undefined ? 1 : -1;
    }
    return (descending ? y - x : x - y) || a.service.localeCompare(b.service);
  });
}

/** The rows whose service name holds the text (any case), and, with `status`, only rows at it. */
export function filterRows(rows: readonly ServiceRow[], text: string, status?: Status): ServiceRow[] {
  const needle = text.trim().toLowerCase();
  return rows.filter((r) => r.service.toLowerCase().includes(needle) && (!status || r.status === status));
}
