import { type DataFrame, type FieldSparkline, FieldType } from '@grafana/data';
import {
  type Objective,
  type ObjectiveKind,
  type PerfscopeSettings,
  type Status,
  BURN_RATE_WINDOWS,
  budgetRemainingPromQL,
  burnRatePromQL,
  objectiveTitle,
  objectivesOf,
  serviceLabelOf,
  timeToExhaustion,
} from '@perfscope/catalog';
import { lastNumber, numberField } from '../../components/frames';
import type { Query } from '../../datasource/types';

/** The budget over the page's window (the chart): coarse steps, so its last point may be hours old. */
export const BUDGET_REF = 'budget';
/** The budget over the last minutes: its latest value is the budget left now. */
export const BUDGET_NOW_REF = 'budget_now';
export const BURN_REF = 'burn';
/** The burn rate the page shows: over the fast alert's long window. */
export const BURN_WINDOW = BURN_RATE_WINDOWS[0].long;

/** The page's window: the longest objective period of the settings (the budget chart spans it). */
export function pageSeconds(settings: PerfscopeSettings | undefined): number {
  const periods = [
    ...objectivesOf(settings),
    ...Object.keys(settings?.services ?? {}).flatMap((s) => objectivesOf(settings, s)),
  ];
  return Math.max(...periods.map((o) => o.periodSeconds), 28 * 86400);
}

/**
 * The page's queries through the Perfscope datasource, per service and objective from the
 * objectives' recording rules: the budget left over the page's window (the chart), and over the
 * last minutes the budget left now and the burn rate over the last hour.
 */
export function sloQueries(settings: PerfscopeSettings | undefined): { budget: Query[]; burn: Query[] } {
  const legendFormat = `{{${serviceLabelOf(settings)}}} {{objective}}`;
  return {
    budget: [
      {
        refId: BUDGET_REF,
        mode: 'promql',
        expr: budgetRemainingPromQL(),
        legendFormat,
        stream: true,
        pollSeconds: 300,
      },
    ],
    burn: [
      {
        refId: BUDGET_NOW_REF,
        mode: 'promql',
        expr: budgetRemainingPromQL(),
        legendFormat,
        stream: true,
        pollSeconds: 30,
      },
      {
        refId: BURN_REF,
        mode: 'promql',
        expr: burnRatePromQL(settings, BURN_WINDOW),
        legendFormat,
        stream: true,
        pollSeconds: 30,
      },
    ],
  };
}

export interface SloRow {
  /** `service/objective`. */
  key: string;
  service: string;
  objective: Objective;
  title: string;
  /** Share of the period's budget left; undefined without data (never a full budget). */
  remaining?: number;
  /** Over BURN_WINDOW. */
  burn?: number;
  /** Seconds until the budget is gone at this burn rate; undefined when it is not burning. */
  exhaustion?: number;
  /** The budget left over the page's window, for a chart. */
  trend?: FieldSparkline;
  status: Status;
}

/** critical: the budget is spent or burns at the paging rate; warning: a quarter left or burning at the ticket rate. */
export function sloStatus(remaining: number | undefined, burn: number | undefined): Status {
  if (remaining === undefined) {
    return 'no-data';
  }
  const [fast, , slow] = BURN_RATE_WINDOWS;
  if (remaining <= 0 || (burn ?? 0) >= fast.factor) {
    return 'critical';
  }
  if (remaining < 0.25 || (burn ?? 0) >= slow.factor) {
    return 'warning';
  }
  return 'ok';
}

/** A frame's service and objective (its series' labels). */
function keyOf(frame: DataFrame, label: string): { service: string; kind: ObjectiveKind } | undefined {
  const labels = numberField(frame)?.labels;
  const service = labels?.[label];
  const kind = labels?.objective;
  return service !== undefined && (kind === 'availability' || kind === 'latency') ? { service, kind } : undefined;
}

/**
 * A row per service and objective in force that has data (the budget or the burn rate), with the
 * budget left, the burn rate, the time to exhaustion at that rate and the budget's series.
 */
export function sloRows(frames: readonly DataFrame[], settings: PerfscopeSettings | undefined): SloRow[] {
  const label = serviceLabelOf(settings);
  const refs: Record<string, 'budget' | 'now' | 'burn'> = {
    [BUDGET_REF]: 'budget',
    [BUDGET_NOW_REF]: 'now',
    [BURN_REF]: 'burn',
  };
  type Found = { service: string; kind: ObjectiveKind } & Partial<Record<'budget' | 'now' | 'burn', DataFrame>>;
  const found = new Map<string, Found>();
  for (const frame of frames) {
    const key = keyOf(frame, label);
    const ref = refs[frame.refId ?? ''];
    if (!key || !ref) {
      continue;
    }
    const id = `${key.service}/${key.kind}`;
    const entry: Found = found.get(id) ?? { ...key };
    entry[ref] = frame;
    found.set(id, entry);
  }
  return [...found.entries()].flatMap(([key, { service, kind, budget, now, burn: burnFrame }]) => {
    const objective = objectivesOf(settings, service).find((o) => o.kind === kind);
    if (!objective) {
      return [];
    }
    // The budget now; the chart's last point while the recent one has not answered.
    const remaining = lastNumber(numberField(now ?? budget ?? { fields: [], length: 0 }));
    const burn = burnFrame ? lastNumber(numberField(burnFrame)) : undefined;
    const y = budget ? numberField(budget) : undefined;
    const x = budget?.fields.find((f) => f.type === FieldType.time);
    return [
      {
        key,
        service,
        objective,
        title: objectiveTitle(objective),
        remaining,
        burn,
        exhaustion: timeToExhaustion(remaining, burn, objective.periodSeconds),
        trend: y ? { x, y } : undefined,
        status: sloStatus(remaining, burn),
      },
    ];
  });
}

/** Worst first: the least budget left, then the fastest burn; rows without a budget last. */
export function sortSloRows(rows: readonly SloRow[]): SloRow[] {
  return [...rows].sort(
    (a, b) =>
      (a.remaining ?? Infinity) - (b.remaining ?? Infinity) ||
      (b.burn ?? -1) - (a.burn ?? -1) ||
      a.key.localeCompare(b.key)
  );
}
