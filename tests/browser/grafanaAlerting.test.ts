/**
 * The browser host's in-memory Grafana alerting API answers as Grafana does where a client can
 * tell: statuses, provenance, messages, defaults and duration format. No browser needed.
 */
import { GrafanaAlerting, formatPromDuration, parsePromDuration, ruleShapeError } from './grafanaAlerting';

const RULES = '/api/v1/provisioning/alert-rules';

const rule = (overrides: Record<string, unknown> = {}) => ({
  uid: 'perfscope-test-crit',
  title: 'Test (critical)',
  ruleGroup: 'HTTP',
  folderUID: 'perfscope',
  condition: 'C',
  data: [
    { refId: 'A', datasourceUid: 'perfscope-prometheus', model: { refId: 'A', expr: 'up', intervalMs: 1000 } },
    { refId: 'C', datasourceUid: '__expr__', model: { refId: 'C', type: 'threshold', expression: 'A' } },
  ],
  for: '300s',
  labels: { severity: 'critical' },
  ...overrides,
});

let alerting: GrafanaAlerting;

const call = (method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
  const answer = alerting.handle(method, route, headers, () => Promise.resolve(body));
  if (!answer) {
    throw new Error(`${method} ${route} is not an alerting route`);
  }
  return answer;
};

beforeEach(() => {
  alerting = new GrafanaAlerting();
});

describe('folders', () => {
  it('answers 404 for a folder that does not exist, then creates it', async () => {
    await expect(call('GET', '/api/folders/perfscope')).resolves.toEqual({
      status: 404,
      body: { status: 'not-found', message: 'folder not found' },
    });
    await expect(call('POST', '/api/folders', { uid: 'perfscope', title: 'Perfscope' })).resolves.toMatchObject({
      status: 200,
      body: { uid: 'perfscope', title: 'Perfscope' },
    });
    await expect(call('GET', '/api/folders/perfscope')).resolves.toMatchObject({ status: 200 });
    await expect(call('POST', '/api/folders', { uid: 'perfscope', title: 'Again' })).resolves.toMatchObject({
      status: 409,
    });
  });
});

describe('alert rules', () => {
  beforeEach(() => {
    alerting.addFolder({ uid: 'perfscope', title: 'Perfscope' });
  });

  it('creates with 201 and provenance "api", or none with X-Disable-Provenance', async () => {
    const created = await call('POST', RULES, rule());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ uid: 'perfscope-test-crit', provenance: 'api', orgID: 1, for: '5m' });
    const plain = await call('POST', RULES, rule({ uid: 'other', title: 'Other' }), { 'x-disable-provenance': 'true' });
    expect(plain.body).toMatchObject({ uid: 'other', provenance: '' });
    expect(alerting.alertRules().map((r) => r.uid)).toEqual(['perfscope-test-crit', 'other']);
  });

  it("fills in Grafana's defaults: query interval and data points, states, paused", async () => {
    await call('POST', RULES, rule());
    const [stored] = alerting.alertRules();
    expect(stored.data[0].model).toEqual({ refId: 'A', expr: 'up', intervalMs: 1000, maxDataPoints: 43200 });
    expect(stored.data[1].model).toMatchObject({ intervalMs: 1000, maxDataPoints: 43200 });
    expect(stored).toMatchObject({ noDataState: 'NoData', execErrState: 'Error', isPaused: false, annotations: {} });
  });

  it('refuses a uid in use (409), an unknown folder and a bad shape (400), with messages', async () => {
    await call('POST', RULES, rule());
    await expect(call('POST', RULES, rule())).resolves.toMatchObject({
      status: 409,
      body: { message: expect.stringMatching(/^conflicting alert rule found \[rule_uid: 'perfscope-test-crit'/) },
    });
    await expect(call('POST', RULES, rule({ uid: 'x', folderUID: 'nowhere' }))).resolves.toEqual({
      status: 400,
      body: { message: 'invalid alert rule: folder does not exist' },
    });
    await expect(call('POST', RULES, rule({ uid: 'y', title: '' }))).resolves.toEqual({
      status: 400,
      body: { message: 'invalid alert rule: title is missing or empty' },
    });
    await expect(call('POST', RULES, undefined)).resolves.toMatchObject({ status: 400 });
    expect(alerting.alertRules()).toHaveLength(1);
  });

  it('updates and deletes by uid; an unknown uid is a 404, but deleting one is a 204', async () => {
    await call('POST', RULES, rule());
    const updated = await call('PUT', `${RULES}/perfscope-test-crit`, rule({ for: '1h30m', uid: undefined }));
    expect(updated).toMatchObject({ status: 200, body: { uid: 'perfscope-test-crit', for: '1h30m' } });
    await expect(call('PUT', `${RULES}/missing`, rule())).resolves.toEqual({ status: 404 });
    await expect(call('GET', `${RULES}/missing`)).resolves.toEqual({ status: 404 });
    // Deleting is idempotent in Grafana: an unknown uid is a 204, not a 404.
    await expect(call('DELETE', `${RULES}/missing`)).resolves.toEqual({ status: 204 });
    await expect(call('DELETE', `${RULES}/perfscope-test-crit`)).resolves.toEqual({ status: 204 });
    await expect(call('GET', RULES)).resolves.toEqual({ status: 200, body: [] });
  });

  it('fails writes of a rule a test rejects, until cleared', async () => {
    alerting.rejectAlertRule('perfscope-test-crit', { methods: ['POST'] });
    await expect(call('POST', RULES, rule())).resolves.toEqual({ status: 400, body: { message: 'invalid rule' } });
    alerting.clearRejections();
    await expect(call('POST', RULES, rule())).resolves.toMatchObject({ status: 201 });
  });

  it('lists no firing alerts', async () => {
    await expect(call('GET', '/api/prometheus/grafana/api/v1/alerts')).resolves.toEqual({
      status: 200,
      body: { status: 'success', data: { alerts: [] } },
    });
  });
});

describe('rule shape and durations', () => {
  it('names what is wrong with a body', () => {
    expect(ruleShapeError(rule())).toBeUndefined();
    expect(ruleShapeError(rule({ data: [] }))).toMatch(/data is empty/);
    expect(ruleShapeError(rule({ condition: 'B' }))).toBe('Condition B does not exist, must be one of [A C]');
    expect(ruleShapeError(rule({ data: [{ refId: 'C', model: {} }] }))).toMatch(/data\[0\]\.datasourceUid/);
    expect(ruleShapeError(rule({ for: 'soon' }))).toMatch(/invalid duration for "for"/);
  });

  it('reads and prints durations as Prometheus does', () => {
    expect(parsePromDuration('1h30m')).toBe(5_400_000);
    expect(parsePromDuration('5 m')).toBeUndefined();
    expect(['0s', '300s', '90s', '1d'].map((d) => formatPromDuration(parsePromDuration(d)!))).toEqual([
      '0s',
      '5m',
      '1m30s',
      '1d',
    ]);
  });
});
