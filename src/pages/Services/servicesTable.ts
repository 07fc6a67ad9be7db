import { type DataFrame, type FieldSparkline, FieldType } from '@grafana/data';
import { lastNumber, numberField } from '../../components/frames';
import {
  FLEET_SIGNALS,
  type FleetSignal,
  type Grade,
  type PerfscopeSettings,
  type Status,
  evaluate,
  fleetScorePromQL,
  fleetSignalPromQL,
  getSignal,
  grade,
  recordName,
  recordedProbePromQL,
  serviceLabelOf,
  serviceThresholds,
} from '@perfscope/catalog';
import type { Query } from '../../datasource/types';

/** The signals of a service's row, in column order (the health score is its own column). */
export const SERVICE_SIGNALS = FLEET_SIGNALS;
export type ServiceSignal = FleetSignal;

/** refId of the health-score query: the recording rule, one series per service. */
export const HEALTH_REF = 'health_score';

/** The instant query that tells which fleet signals Prometheus records (see recordedSignals). */
export const RECORDED_PROBE: Query = { refId: 'recorded', mode: 'promql', instant: true, expr: recordedProbePromQL() };

/** The fleet signals with a recording rule's series, from the answer to RECORDED_PROBE. */
export function recordedSignals(frames: readonly DataFrame[]): Set<ServiceSignal> {
  const names = new Set(frames.map((f) => numberField(f)?.labels?.__name__));
  return new Set(SERVICE_SIGNALS.filter((id) => names.has(recordName(id))));
}

/**
 * The page's queries through the Perfscope datasource: each signal per service in the settings'
 * naming (one series per value of the service label), read from its recording rule when
 * `recorded` holds it (O(services)) and computed from the raw series otherwise, and the recorded
 * health score.
 */
export function serviceQueries(
  settings: PerfscopeSettings | undefined,
  recorded: ReadonlySet<string> = new Set(),
  pollSeconds = 10
): Query[] {
  const label = serviceLabelOf(settings);
  return [
    ...SERVICE_SIGNALS.map((id) => ({ id, expr: fleetSignalPromQL(id, settings, recorded.has(id)) })),
    { id: HEALTH_REF, expr: fleetScorePromQL(settings) },
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
  /** The series over the page's window, for a sparkline. */
  trend?: FieldSparkline;
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

/** The service a frame belongs to (its series' service label), its latest number and its series. */
function latestByService(frame: DataFrame, label: string) {
  const y = numberField(frame);
  const service = y?.labels?.[label];
  const value = lastNumber(y);
  if (service === undefined || value === undefined || !y) {
    return undefined;
  }
  const x = frame.fields.find((f) => f.type === FieldType.time);
  const trend: FieldSparkline = { x, y };
  return { service, value, trend };
}

/**
 * One row per service seen in any answer, with each signal's latest value, status and series and
 * the health score; a service without data for a signal reads No data there, never a healthy 0.
 */
export function serviceRows(frames: readonly DataFrame[], settings: PerfscopeSettings | undefined): ServiceRow[] {
  const label = serviceLabelOf(settings);
  const values = new Map<string, Map<string, { value: number; trend: FieldSparkline }>>();
  for (const frame of frames) {
    const latest = frame.refId ? latestByService(frame, label) : undefined;
    if (latest && frame.refId) {
      const row = values.get(latest.service) ?? new Map();
      row.set(frame.refId, latest);
      values.set(latest.service, row);
    }
  }
  return [...values.entries()].map(([service, own]) => {
    const cells = Object.fromEntries(
      SERVICE_SIGNALS.map((id) => {
        const signal = getSignal(id);
        const latest = own.get(id);
        const levels = serviceThresholds(signal, service, settings);
        return [id, { value: latest?.value, status: evaluate(signal, latest?.value, levels), trend: latest?.trend }];
      })
    ) as Record<ServiceSignal, ServiceCell>;
    const score = own.get(HEALTH_REF)?.value;
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

/** Grades best to worst, then the services without a score. */
export const GRADE_ORDER = ['A', 'B', 'C', 'D', 'F', 'none'] as const;

/** How many services have each grade; `none` counts those without a score (no recording rule or no data). */
export function gradeCounts(rows: readonly ServiceRow[]): Record<(typeof GRADE_ORDER)[number], number> {
  const counts = { A: 0, B: 0, C: 0, D: 0, F: 0, none: 0 };
  for (const r of rows) {
    counts[r.grade ?? 'none'] += 1;
  }
  return counts;
}

/** One page of rows: the 1-based page shown (clamped to the pages there are) and how many pages. */
export function pageOf<T>(rows: readonly T[], page: number, size: number): { rows: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const shown = Math.min(pages, Math.max(1, Math.floor(page) || 1));
  return { rows: rows.slice((shown - 1) * size, shown * size), page: shown, pages };
}
