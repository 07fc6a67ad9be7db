/**
 * promtool unit tests for the generated Prometheus rules. For every alert: a case just past its
 * threshold that fires exactly when `for` has elapsed (pending one evaluation before), a case just
 * inside it that stays silent, and a case that fires and then resolves once the range window holds
 * only good data. Recording rules: each heavy signal with a fixture records the value it was fed.
 */
import {
  BURN_RATE_WINDOWS,
  type Direction,
  type PrometheusAlertingRule,
  type PrometheusRuleGroup,
  type SignalDef,
  alertName,
  alertSpecs,
  buildPromQL,
  BASE_WINDOW,
  type Objective,
  SLO_BUDGET_RECORD,
  burnRateAlertName,
  errorBudget,
  objectivesOf,
  ratioWindows,
  sloRecord,
  formatNumber,
  isRecordedSignal,
  parseDuration,
  perServiceOptions,
  recordName,
} from '@perfscope/catalog';
import {
  FIXTURES,
  PROVEN_ON_THE_RIG,
  FIXTURE_SERVICE,
  type Fixture,
  type InputSeries,
  errorRatioFixture,
  latencyRatioFixture,
} from './fixtures';
import { renderAnnotation } from './gotemplate';

interface AlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts: Array<{ exp_labels: Record<string, string>; exp_annotations: Record<string, string> }>;
}

interface TestGroup {
  name: string;
  interval: string;
  input_series: InputSeries[];
  alert_rule_test?: AlertTest[];
  promql_expr_test?: Array<{ expr: string; eval_time: string; exp_samples: Array<{ labels: string; value: number }> }>;
}

export interface PromtoolTestFile {
  rule_files: string[];
  evaluation_interval: string;
  tests: TestGroup[];
}

/** Figures for the report: alerts covered and cases per kind. */
export interface TestFigures {
  alerts: number;
  fires: number;
  silent: number;
  recovers: number;
  recordings: number;
}

const minutes = (d: string) => parseDuration(d) / 60_000;
const at = (m: number) => `${m}m`;
/** A value 2 % past the threshold on the bad side, or 2 % inside it; 0/1 for yes/no signals. */
function caseValues(threshold: number, direction: Direction, unit: string): { breach: number; safe: number } {
  if (unit === 'bool') {
    return direction === 'below' ? { breach: 0, safe: 1 } : { breach: 1, safe: 0 };
  }
  const round = (v: number) => Number(formatNumber(v));
  const [worse, better] = direction === 'above' ? [1.02, 0.98] : [0.98, 1.02];
  return { breach: round(threshold * worse), safe: round(threshold * better) };
}

/** Longest range selector of an expression, in minutes (0 for an instant expression over gauges). */
export function longestRange(expr: string): number {
  const ranges = [...expr.matchAll(/\[(\d+[smhdwy])\]/g)].map((m) => minutes(m[1]));
  return ranges.length > 0 ? Math.max(...ranges) : 0;
}

/** First evaluation (minutes) at which the fed value shows exactly: see Exactness. */
function startOf(fixture: Fixture, window: number): number {
  return fixture.exact === 'gauge' ? 0 : fixture.exact === 'ratio' ? 1 : window;
}

interface AlertCaseSpec {
  alert: PrometheusAlertingRule;
  fixture: Fixture;
  breach: number;
  safe: number;
  /** Minutes the condition's recovery waits for: the window that must hold only good data. */
  window: number;
  /** First evaluation at which the condition can be true (1 for rates: two samples needed). */
  start: number;
  what: string;
  /** The alert fires one instance per service, labelled with it. */
  perService: boolean;
}

function alertCases(spec: AlertCaseSpec, figures: TestFigures): TestGroup[] {
  const { alert, fixture, breach, safe, window, start } = spec;
  const hold = minutes(alert.for ?? '0s');
  const firesAt = start + hold;
  // An expression per service keeps the fixtures' job: one instance, labelled with its service.
  const labels = spec.perService ? { ...alert.labels, job: FIXTURE_SERVICE } : alert.labels;
  const expected = (value: number) => [
    {
      exp_labels: labels,
      exp_annotations: Object.fromEntries(
        Object.entries(alert.annotations).map(([k, v]) => [k, renderAnnotation(v, value, labels)])
      ),
    },
  ];
  const test = (eval_time: number, firing: number | undefined): AlertTest => ({
    eval_time: at(eval_time),
    alertname: alert.alert,
    exp_alerts: firing === undefined ? [] : expected(firing),
  });
  const breachFor = firesAt + 1;
  figures.alerts += 1;
  figures.fires += 1;
  figures.silent += 1;
  figures.recovers += 1;
  return [
    {
      name: `${alert.alert}: ${spec.what} ${formatNumber(breach)} fires after ${alert.for}`,
      interval: '1m',
      input_series: fixture.series([{ value: breach, minutes: firesAt + 3 }]),
      alert_rule_test: [test(firesAt - 1, undefined), test(firesAt, breach), test(firesAt + 3, breach)],
    },
    {
      name: `${alert.alert}: ${spec.what} ${formatNumber(safe)} stays silent`,
      interval: '1m',
      input_series: fixture.series([{ value: safe, minutes: firesAt + 3 }]),
      alert_rule_test: [test(firesAt, undefined), test(firesAt + 3, undefined)],
    },
    {
      name: `${alert.alert}: fires at ${formatNumber(breach)}, resolves ${window + 2}m after ${formatNumber(safe)}`,
      interval: '1m',
      input_series: fixture.series([
        { value: breach, minutes: breachFor },
        { value: safe, minutes: window + 4 },
      ]),
      alert_rule_test: [test(firesAt, breach), test(breachFor + window + 2, undefined)],
    },
  ];
}

/** Whether a signal is computed per service (every catalog aggregation is; the fleet's health score is not). */
const perService = (signal: SignalDef) => buildPromQL(signal, perServiceOptions(undefined)) !== buildPromQL(signal);

const findAlert = (groups: PrometheusRuleGroup[], name: string) => {
  const rule = groups.flatMap((g) => g.rules).find((r) => 'alert' in r && r.alert === name);
  if (!rule || !('alert' in rule)) {
    throw new Error(`The generated rules have no alert ${name}.`);
  }
  return rule;
};

/** Tests of the per-area alerts (the rule file holds only alerts: recorded inputs are fed directly). */
export function areaAlertTests(
  groups: PrometheusRuleGroup[],
  ruleFile: string,
  figures: TestFigures
): PromtoolTestFile {
  const tests = unitTested(alertSpecs(undefined)).flatMap(({ signal, severity, thresholds, threshold }) => {
    const fixture = fixtureOf(signal);
    const alert = findAlert(groups, alertName(signal.id, severity));
    const window = longestRange(alert.expr);
    return alertCases(
      {
        alert,
        fixture,
        ...caseValues(threshold, thresholds.direction, signal.unit),
        window,
        start: startOf(fixture, window),
        what: signal.title,
        perService: perService(signal),
      },
      figures
    );
  });
  return { rule_files: [ruleFile], evaluation_interval: '1m', tests };
}

/** The alert of this name with these labels among the groups' rules. */
const findAlertWith = (groups: PrometheusRuleGroup[], name: string, labels: Record<string, string>) => {
  const rule = groups
    .flatMap((g) => g.rules)
    .find((r) => 'alert' in r && r.alert === name && Object.entries(labels).every(([k, v]) => r.labels[k] === v));
  if (!rule || !('alert' in rule)) {
    throw new Error(`The generated rules have no alert ${name} with ${JSON.stringify(labels)}.`);
  }
  return rule;
};

/**
 * Tests of the objectives' rules, fed the raw counters (availability) and the duration histogram
 * (latency) through the recording rules: every burn-rate alert of each objective fires, stays silent
 * and resolves at its factor; a fast burn pages within the fast windows while the slow rules stay
 * silent, a slow burn opens only the ticket; the budget left is the hand-computed share.
 */
export function sloTests(groups: PrometheusRuleGroup[], ruleFile: string, figures: TestFigures): PromtoolTestFile {
  const objectives = objectivesOf(undefined);
  const fixtureOf = (o: Objective) =>
    o.kind === 'availability' ? errorRatioFixture : latencyRatioFixture(o.threshold ?? 0);
  const tests = objectives.flatMap((o) =>
    BURN_RATE_WINDOWS.flatMap((w) => {
      const alert = findAlertWith(groups, burnRateAlertName(w), { objective: o.kind });
      const fixture = fixtureOf(o);
      return alertCases(
        {
          alert,
          fixture,
          ...caseValues(w.factor * errorBudget(o.target), 'above', 'percentunit'),
          // Windows past the base one sum its recorded 5-minute rates: 5 minutes more to flush.
          window: minutes(w.short) + (w.short === BASE_WINDOW ? 0 : minutes(BASE_WINDOW)),
          start: startOf(fixture, minutes(w.short)),
          what: `${o.kind} error ratio`,
          perService: true,
        },
        figures
      );
    })
  );

  const [availability] = objectives;
  const budget = errorBudget(availability.target);
  const [fast, , slow] = BURN_RATE_WINDOWS;
  const names = (severity: string) =>
    BURN_RATE_WINDOWS.filter((w) => w.severity === severity).map((w) => burnRateAlertName(w));
  const fastAt = 1 + minutes(fast.for);
  // A fast burn: the page rules fire within minutes, the ticket rules (1 h and more of `for`) do not yet.
  const fastBurn = 20 * budget;
  tests.push({
    name: `A fast burn (${formatNumber(fastBurn * 100)} % errors) pages within ${fast.short} and ${fast.for}, the slow rules stay silent`,
    interval: '1m',
    input_series: errorRatioFixture.series([{ value: fastBurn, minutes: fastAt + 5 }]),
    alert_rule_test: [
      ...names('critical')
        .slice(0, 1)
        .map((alertname) => ({
          eval_time: at(fastAt),
          alertname,
          exp_alerts: [burnAlert(findAlertWith(groups, alertname, { objective: 'availability' }), fastBurn)],
        })),
      ...names('warning').map((alertname) => ({ eval_time: at(fastAt), alertname, exp_alerts: [] })),
    ],
  });
  // A slow burn (4×: above the ticket's 3×, below the pages' 6× and 14.4×) opens only the ticket.
  const slowBurn = 4 * budget;
  const slowAt = 1 + minutes(slow.for);
  tests.push({
    name: `A slow burn (${formatNumber(slowBurn * 100)} % errors) opens the ticket after ${slow.for} and never pages`,
    interval: '1m',
    input_series: errorRatioFixture.series([{ value: slowBurn, minutes: slowAt + 5 }]),
    alert_rule_test: [
      {
        eval_time: at(slowAt),
        alertname: burnRateAlertName(slow),
        exp_alerts: [
          burnAlert(findAlertWith(groups, burnRateAlertName(slow), { objective: 'availability' }), slowBurn),
        ],
      },
      ...names('critical').map((alertname) => ({ eval_time: at(slowAt), alertname, exp_alerts: [] })),
    ],
  });

  // Each ratio and the budget left on fixed series: a quarter of the 99.9 % budget spent leaves 75 %.
  const ratio = budget / 4;
  const windows = [BASE_WINDOW, ...ratioWindows(availability.period)];
  tests.push({
    name: `Error ratio over every window (${windows.join(', ')}) and the budget left`,
    interval: '1m',
    input_series: errorRatioFixture.series([{ value: ratio, minutes: 70 }]),
    promql_expr_test: [
      ...windows.map((window) => {
        figures.recordings += 1;
        return {
          expr: `abs(${sloRecord('error_ratio', window)}{objective="availability"} / ${formatNumber(ratio)} - 1) < bool 1e-9`,
          eval_time: at(60),
          exp_samples: [{ labels: `{job="${FIXTURE_SERVICE}",objective="availability"}`, value: 1 }],
        };
      }),
      {
        expr: `abs(${SLO_BUDGET_RECORD}{objective="availability"} - 0.75) < bool 1e-9`,
        eval_time: at(60),
        exp_samples: [{ labels: `{job="${FIXTURE_SERVICE}",objective="availability"}`, value: 1 }],
      },
    ],
  });
  figures.recordings += 1;
  return { rule_files: [ruleFile], evaluation_interval: '1m', tests };
}

/** The instance a burn-rate alert fires for the fixture's service at this error ratio. */
function burnAlert(alert: PrometheusAlertingRule, value: number) {
  const labels = { ...alert.labels, job: FIXTURE_SERVICE };
  return {
    exp_labels: labels,
    exp_annotations: Object.fromEntries(
      Object.entries(alert.annotations).map(([k, v]) => [k, renderAnnotation(v, value, labels)])
    ),
  };
}

/** Tests of the recording rules of heavy and fleet signals that have a fixture: the recorded value is the value fed. */
export function recordingTests(ruleFile: string, figures: TestFigures): PromtoolTestFile {
  const tests = unitTested(alertSpecs(undefined))
    .filter((s) => s.severity === (s.thresholds.warning !== undefined ? 'warning' : 'critical'))
    .filter((s) => isRecordedSignal(s.signal))
    .map(({ signal, threshold, thresholds }): TestGroup => {
      const { breach } = caseValues(threshold, thresholds.direction, signal.unit);
      const window = longestRange(buildPromQL(signal));
      figures.recordings += 1;
      return {
        name: `${recordName(signal.id)} records ${formatNumber(breach)}`,
        interval: '1m',
        input_series: fixtureOf(signal).series([{ value: breach, minutes: window + 5 }]),
        promql_expr_test: [
          {
            expr: `abs(${recordName(signal.id)} / ${formatNumber(breach)} - 1) < bool 1e-9`,
            eval_time: at(window + 2),
            exp_samples: [{ labels: perService(signal) ? `{job="${FIXTURE_SERVICE}"}` : '{}', value: 1 }],
          },
        ],
      };
    });
  return { rule_files: [ruleFile], evaluation_interval: '1m', tests };
}

/** The alert specs promtool tests: all but those proven on the rig (PROVEN_ON_THE_RIG). */
const unitTested = <T extends { signal: SignalDef }>(specs: T[]): T[] =>
  specs.filter((s) => PROVEN_ON_THE_RIG[s.signal.id] === undefined);

function fixtureOf(signal: SignalDef): Fixture {
  const fixture = FIXTURES[signal.id];
  if (!fixture) {
    throw new Error(
      `Catalog signal "${signal.id}" (${signal.title}) has alert thresholds but no promtool fixture: add one to scripts/generate/promtool/fixtures.ts.`
    );
  }
  return fixture;
}

export const emptyFigures = (): TestFigures => ({ alerts: 0, fires: 0, silent: 0, recovers: 0, recordings: 0 });
