import {
  ALERTING_DATASOURCE_UID,
  type Area,
  CANONICAL_LABELS,
  type CanonicalLabel,
  DEFAULT_APDEX_T,
  DEFAULT_SERVICE_LABEL,
  WEIGHABLE_COMPONENTS,
  METRIC_AREAS,
  type PerfscopeSettings,
  SIGNALS,
  type SignalDef,
  fromAdminText,
  toAdminText,
  validateSettings,
} from '@perfscope/catalog';

/** Signals an admin can tune: those with thresholds. */
export const TUNABLE_SIGNALS: readonly SignalDef[] = (SIGNALS as readonly SignalDef[]).filter((s) => s.thresholds);

export interface SignalRow {
  enabled: boolean;
  /** As typed; empty means "no alert at this level". */
  warning: string;
  critical: string;
  for: string;
}

/** The config page's fields, as text while being edited. */
export interface SettingsForm {
  signals: Record<string, SignalRow>;
  weights: Record<string, string>;
  apdexT: string;
  prefix: string;
  labelMap: Record<CanonicalLabel, string>;
  /** Area → naming preset id; empty for the kit's names. */
  presets: Record<Area, string>;
  /** The metric sources as JSON text (empty for none): each problem is named at its field. */
  metrics: string;
  /** Signal id → the admin's own PromQL; empty for the catalog's. */
  expressions: Record<string, string>;
  /** The custom signals as JSON text (empty for none). */
  customSignals: string;
  /** The label that names a service; empty for `job`. */
  serviceLabel: string;
  /** Services' own levels and objectives as JSON text (empty for none). */
  services: string;
  /** Every service's objectives as JSON text (empty for the defaults). */
  objectives: string;
  alertDatasourceUid: string;
  datasourceUid: string;
}

/** Settings the form edits as JSON text. */
export type JsonFormField = 'metrics' | 'customSignals' | 'services' | 'objectives';

/** Every signal that reads metrics can take its own PromQL. */
export const EXPRESSION_SIGNALS: readonly SignalDef[] = (SIGNALS as readonly SignalDef[]).filter(
  (s) => s.metrics.length > 0
);

/** A stored value as the text of its field, whatever its type: a wrong one then shows its error there. */
const text = (value: unknown, fallback: unknown = undefined): string => {
  const v = value === undefined || value === null ? fallback : value;
  return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
};

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The form for saved settings (catalog defaults where nothing is saved). Stored settings may hold
 * anything (provisioning, the API): each value becomes the text of its field, so a wrong one is
 * shown with its problem there instead of being lost or crashing the page.
 */
export function toForm(settings: PerfscopeSettings | undefined): SettingsForm {
  const s = record(settings);
  const signals: Record<string, SignalRow> = {};
  for (const signal of TUNABLE_SIGNALS) {
    const own = record(record(s.signals)[signal.id]);
    const t = signal.thresholds!;
    // Levels in the unit the admin reads (5 for 5 %), whatever the stored base value.
    const level = (value: unknown, fallback: number | undefined) => {
      const v = value ?? fallback;
      return typeof v === 'number' ? toAdminText(v, signal.unit) : text(v);
    };
    signals[signal.id] = {
      enabled: own.enabled !== false,
      warning: level(own.warning, t.warning),
      critical: level(own.critical, t.critical),
      for: text(own.for, t.for),
    };
  }
  const health = record(s.health);
  const weights: Record<string, string> = {};
  for (const c of WEIGHABLE_COMPONENTS) {
    weights[c.signal] = text(record(health.weights)[c.signal], c.weight);
  }
  const labelMap = Object.fromEntries(CANONICAL_LABELS.map((l) => [l, text(record(s.labelMap)[l])])) as Record<
    CanonicalLabel,
    string
  >;
  const presets = Object.fromEntries(METRIC_AREAS.map((a) => [a, text(record(s.presets)[a])])) as Record<Area, string>;
  const expressions = Object.fromEntries(
    EXPRESSION_SIGNALS.map((signal) => [signal.id, text(record(record(s.signals)[signal.id]).promql)])
  );
  return {
    signals,
    weights,
    apdexT: text(health.apdexT, DEFAULT_APDEX_T),
    prefix: text(s.prefix),
    labelMap,
    presets,
    metrics: s.metrics === undefined ? '' : JSON.stringify(s.metrics, null, 2),
    customSignals: s.customSignals === undefined ? '' : JSON.stringify(s.customSignals, null, 2),
    serviceLabel: text(s.serviceLabel),
    services: s.services === undefined ? '' : JSON.stringify(s.services, null, 2),
    objectives: s.objectives === undefined ? '' : JSON.stringify(s.objectives, null, 2),
    expressions,
    alertDatasourceUid: text(s.alertDatasourceUid, ALERTING_DATASOURCE_UID),
    datasourceUid: text(s.datasourceUid),
  };
}

/** Text to the value validators expect: empty → undefined, a number → number, anything else stays text. */
function parse(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === '') {
    return undefined;
  }
  const n = Number(trimmed);
  return Number.isNaN(n) && trimmed.toLowerCase() !== 'nan' ? trimmed : n;
}

export type FormErrors = Record<string, string>;

export interface FormCheck {
  /**
   * Message per field, named as the catalog's validateSettings names it: `signals.<id>.warning|critical|for`,
   * `health.weights.<id>`, `health.weights`, `health.apdexT`, `prefix`, `labelMap.<label>`, `presets.<area>`,
   * `metrics…`, `signals.<id>.promql`, `alertDatasourceUid`.
   */
  errors: FormErrors;
  /** The settings to save, only when there is no error. Only values that differ from the catalog are stored. */
  settings?: PerfscopeSettings;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Every problem in the form, each at its field; and the settings when there is none. The form
 * only turns text into values (levels from the admin's unit to the stored one) and leaves out what
 * equals the catalog's default; every rule is the catalog's validateSettings, which the datasource
 * and the panels apply to the saved settings too. The form adds what only a form can miss: an
 * emptied level the catalog has a default for, and no alerting datasource at all.
 */
export function checkForm(form: SettingsForm): FormCheck {
  const errors: FormErrors = {};
  const candidate: Mutable<Record<string, unknown>> = {};

  const signals: Record<string, Record<string, unknown>> = {};
  for (const signal of TUNABLE_SIGNALS) {
    const row = form.signals[signal.id];
    if (!row) {
      continue;
    }
    const t = signal.thresholds!;
    const own: Record<string, unknown> = {};
    if (!row.enabled) {
      own.enabled = false;
    }
    for (const level of ['warning', 'critical'] as const) {
      const value = fromAdminText(row[level], signal.unit);
      if (value === undefined) {
        if (t[level] !== undefined) {
          errors[`signals.${signal.id}.${level}`] =
            `${signal.title} has a default ${level} level: enter a value (or disable the signal to stop its alerts).`;
        }
      } else if (value !== t[level]) {
        own[level] = value;
      }
    }
    const forText = row.for.trim();
    if (forText !== t.for) {
      own.for = forText;
    }
    if (Object.keys(own).length > 0) {
      signals[signal.id] = own;
    }
  }
  for (const signal of EXPRESSION_SIGNALS) {
    const promql = form.expressions[signal.id]?.trim() ?? '';
    if (promql !== '') {
      signals[signal.id] = { ...signals[signal.id], promql };
    }
  }
  if (Object.keys(signals).length > 0) {
    candidate.signals = signals;
  }

  const presets = Object.fromEntries(Object.entries(form.presets).filter(([, id]) => id.trim() !== ''));
  if (Object.keys(presets).length > 0) {
    candidate.presets = presets;
  }
  const json = (field: JsonFormField, what: string, example: string) => {
    if (form[field].trim() === '') {
      return;
    }
    try {
      candidate[field] = JSON.parse(form[field]);
    } catch (e) {
      errors[field] = `The ${what} are not valid JSON (${(e as Error).message}): write ${example}.`;
    }
  };
  json(
    'metrics',
    'metric sources',
    'an object of metric → source, e.g. {"http_requests_total": {"name": "requests_total"}}'
  );
  json(
    'customSignals',
    'custom signals',
    'a list of signals, e.g. [{"id": "custom_queue_depth", "title": "Queue depth", "area": "system", "unit": "short", "promql": "sum(queue_depth{$filters})"}]'
  );
  json(
    'services',
    "services' own levels and objectives",
    'an object of service → its own, e.g. {"reports": {"signals": {"http_latency_p95": {"warning": 4, "critical": 5}}, "objectives": {"latency": {"threshold": 5}}}}'
  );
  json(
    'objectives',
    'objectives',
    'an object with availability and/or latency, e.g. {"availability": {"target": 0.995, "period": "28d"}, "latency": {"threshold": 0.5, "target": 0.99}}'
  );
  const serviceLabel = form.serviceLabel.trim();
  if (serviceLabel !== '' && serviceLabel !== DEFAULT_SERVICE_LABEL) {
    candidate.serviceLabel = serviceLabel;
  }

  const weights: Record<string, unknown> = {};
  for (const c of WEIGHABLE_COMPONENTS) {
    const raw = parse(form.weights[c.signal] ?? '');
    if (raw !== c.weight) {
      // An emptied weight is checked as what it is: no number.
      weights[c.signal] = raw ?? '';
    }
  }
  const apdexT = parse(form.apdexT);
  const health: Record<string, unknown> = {};
  if (Object.keys(weights).length > 0) {
    health.weights = weights;
  }
  if (apdexT !== DEFAULT_APDEX_T) {
    health.apdexT = apdexT ?? '';
  }
  if (Object.keys(health).length > 0) {
    candidate.health = health;
  }

  const labelMap: Record<string, string> = {};
  for (const label of CANONICAL_LABELS) {
    const to = form.labelMap[label]?.trim() ?? '';
    if (to !== '' && to !== label) {
      labelMap[label] = to;
    }
  }
  if (Object.keys(labelMap).length > 0) {
    candidate.labelMap = labelMap;
  }
  const prefix = form.prefix.trim();
  if (prefix) {
    candidate.prefix = prefix;
  }
  const alertDatasourceUid = form.alertDatasourceUid.trim();
  if (!alertDatasourceUid) {
    errors.alertDatasourceUid =
      'Choose the Prometheus datasource the alert rules query (Grafana cannot alert through the Perfscope datasource).';
  } else if (alertDatasourceUid !== ALERTING_DATASOURCE_UID) {
    candidate.alertDatasourceUid = alertDatasourceUid;
  }
  if (form.datasourceUid.trim()) {
    candidate.datasourceUid = form.datasourceUid.trim();
  }

  const check = validateSettings(candidate);
  for (const e of check.errors) {
    errors[e.field] ??= e.message;
  }
  return Object.keys(errors).length > 0 ? { errors } : { errors, settings: check.settings };
}

/** Whether the form differs from what is saved. */
export function isDirty(form: SettingsForm, saved: PerfscopeSettings | undefined): boolean {
  return JSON.stringify(form) !== JSON.stringify(toForm(saved));
}
