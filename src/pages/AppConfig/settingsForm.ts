import {
  CANONICAL_LABELS,
  type CanonicalLabel,
  HEALTH_COMPONENTS,
  LABEL_NAME_RE,
  type PerfscopeSettings,
  SIGNALS,
  type SignalDef,
  type SignalSettings,
  getMetric,
  fromAdminText,
  toAdminText,
  validateOptions,
  validateSettings,
  validateThresholds,
  ALERTING_DATASOURCE_UID,
  DEFAULT_APDEX_T,
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
  alertDatasourceUid: string;
  datasourceUid: string;
}

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
  for (const c of HEALTH_COMPONENTS) {
    weights[c.signal] = text(record(health.weights)[c.signal], c.weight);
  }
  const labelMap = Object.fromEntries(CANONICAL_LABELS.map((l) => [l, text(record(s.labelMap)[l])])) as Record<
    CanonicalLabel,
    string
  >;
  return {
    signals,
    weights,
    apdexT: text(health.apdexT, DEFAULT_APDEX_T),
    prefix: text(s.prefix),
    labelMap,
    alertDatasourceUid: text(s.alertDatasourceUid, ALERTING_DATASOURCE_UID),
    datasourceUid: text(s.datasourceUid),
  };
}

/** Form field of a settings field that validateSettings names. */
const formField = (field: string) =>
  field.replace(/^health\.weights\./, 'weights.').replace(/^health\.apdexT$/, 'apdexT');

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
  /** Message per field key: `signals.<id>.warning|critical|for`, `weights.<id>`, `weights`, `apdexT`, `prefix`, `labelMap.<label>`, `alertDatasourceUid`. */
  errors: FormErrors;
  /** The settings to save, only when there is no error. Only values that differ from the catalog are stored. */
  settings?: PerfscopeSettings;
}

const HTTP_BUCKETS = getMetric('http_request_duration_seconds').buckets ?? [];

/** Every problem in the form, each at its field; and the settings when there is none. */
export function checkForm(form: SettingsForm): FormCheck {
  const errors: FormErrors = {};
  const signals: Record<string, SignalSettings> = {};

  for (const signal of TUNABLE_SIGNALS) {
    const row = form.signals[signal.id];
    if (!row) {
      continue;
    }
    const check = validateThresholds(signal.id, {
      warning: fromAdminText(row.warning, signal.unit),
      critical: fromAdminText(row.critical, signal.unit),
      for: row.for.trim(),
    });
    if (!check.ok) {
      for (const e of check.errors) {
        errors[`signals.${signal.id}.${e.field}`] ??= e.message;
      }
      continue;
    }
    const t = signal.thresholds!;
    const own: { -readonly [K in keyof SignalSettings]: SignalSettings[K] } = {};
    if (!row.enabled) {
      own.enabled = false;
    }
    if (check.thresholds.warning !== t.warning && check.thresholds.warning !== undefined) {
      own.warning = check.thresholds.warning;
    }
    if (check.thresholds.critical !== t.critical && check.thresholds.critical !== undefined) {
      own.critical = check.thresholds.critical;
    }
    if (check.thresholds.for !== t.for) {
      own.for = check.thresholds.for;
    }
    if (
      (t.warning !== undefined && check.thresholds.warning === undefined) ||
      (t.critical !== undefined && check.thresholds.critical === undefined)
    ) {
      const level = check.thresholds.warning === undefined ? 'warning' : 'critical';
      errors[`signals.${signal.id}.${level}`] =
        `${signal.title} has a default ${level} level: enter a value (or disable the signal to stop its alerts).`;
      continue;
    }
    if (Object.keys(own).length > 0) {
      signals[signal.id] = own;
    }
  }

  const weights: Record<string, number> = {};
  let total = 0;
  for (const c of HEALTH_COMPONENTS) {
    const raw = parse(form.weights[c.signal] ?? '');
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0) {
      errors[`weights.${c.signal}`] =
        `Weight must be a number of 0 or more (0 leaves the component out), got "${form.weights[c.signal] ?? ''}".`;
      continue;
    }
    total += raw;
    if (raw !== c.weight) {
      weights[c.signal] = raw;
    }
  }
  if (total === 0 && !Object.keys(errors).some((k) => k.startsWith('weights.'))) {
    errors.weights = 'At least one health component needs a weight above 0, or the score has nothing to weigh.';
  }

  const apdexRaw = parse(form.apdexT);
  let apdexT: number | undefined;
  if (typeof apdexRaw !== 'number' || !Number.isFinite(apdexRaw) || apdexRaw <= 0) {
    errors.apdexT = `Apdex T must be a positive number of seconds, got "${form.apdexT}".`;
  } else if (!HTTP_BUCKETS.includes(apdexRaw) || !HTTP_BUCKETS.includes(apdexRaw * 4)) {
    const usable = HTTP_BUCKETS.filter((b) => HTTP_BUCKETS.includes(b * 4));
    errors.apdexT = `Apdex T and 4T must both be bucket boundaries of the request-duration histogram; ${apdexRaw} s does not work. Use one of: ${usable.join(', ')} s.`;
  } else if (apdexRaw !== DEFAULT_APDEX_T) {
    apdexT = apdexRaw;
  }

  const labelMap: Partial<Record<CanonicalLabel, string>> = {};
  for (const label of CANONICAL_LABELS) {
    const to = form.labelMap[label]?.trim() ?? '';
    if (to === '' || to === label) {
      continue;
    }
    if (!LABEL_NAME_RE.test(to)) {
      errors[`labelMap.${label}`] =
        `"${to}" is not a valid label name: use letters, digits and _, not starting with a digit.`;
    } else {
      labelMap[label] = to;
    }
  }
  const prefix = form.prefix.trim();
  const optionsCheck = validateOptions({ prefix });
  if (!optionsCheck.ok) {
    errors.prefix = optionsCheck.errors[0].message;
  }

  if (!form.alertDatasourceUid.trim()) {
    errors.alertDatasourceUid =
      'Choose the Prometheus datasource the alert rules query (Grafana cannot alert through the Perfscope datasource).';
  }

  if (Object.keys(errors).length > 0) {
    return { errors };
  }
  const settings: { -readonly [K in keyof PerfscopeSettings]: PerfscopeSettings[K] } = {};
  if (prefix) {
    settings.prefix = prefix;
  }
  if (Object.keys(labelMap).length) {
    settings.labelMap = labelMap;
  }
  if (Object.keys(signals).length) {
    settings.signals = signals;
  }
  if (Object.keys(weights).length || apdexT !== undefined) {
    settings.health = {
      ...(Object.keys(weights).length ? { weights } : {}),
      ...(apdexT !== undefined ? { apdexT } : {}),
    };
  }
  if (form.alertDatasourceUid.trim() !== ALERTING_DATASOURCE_UID) {
    settings.alertDatasourceUid = form.alertDatasourceUid.trim();
  }
  if (form.datasourceUid.trim()) {
    settings.datasourceUid = form.datasourceUid.trim();
  }
  // The catalog's check, which the datasource and panels apply when they read the settings: what
  // the page saves, they accept.
  const final = validateSettings(settings);
  if (!final.ok) {
    for (const e of final.errors) {
      errors[formField(e.field)] ??= e.message;
    }
    return { errors };
  }
  return { errors, settings };
}

/** Whether the form differs from what is saved. */
export function isDirty(form: SettingsForm, saved: PerfscopeSettings | undefined): boolean {
  return JSON.stringify(form) !== JSON.stringify(toForm(saved));
}
