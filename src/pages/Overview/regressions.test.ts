import { FieldType, createDataFrame } from '@grafana/data';
import { REGRESSION_SIGNAL, regressionQueries, regressionsFrom } from './regressions';

const answer = (job: string, value: number | null, label = 'job') =>
  createDataFrame({
    refId: REGRESSION_SIGNAL,
    fields: [
      { name: 'Time', type: FieldType.time, values: [1] },
      { name: 'Value', type: FieldType.number, values: [value], labels: { [label]: job } },
    ],
  });

describe('regressionQueries', () => {
  it('reads the recorded comparison per service, on the settings’ service label', () => {
    expect(regressionQueries({ serviceLabel: 'service_name' })[0]).toMatchObject({
      expr: 'max by (service_name) (perfscope:http_latency_p95_wow)',
      instant: true,
    });
  });
});

describe('regressionsFrom', () => {
  it('lists the services past the warning level (20 %), worst first, with their severity', () => {
    const found = regressionsFrom(
      [answer('cart', 0.25), answer('checkout', 0.6), answer('search', 0.1), answer('auth', -0.3), answer('pay', null)],
      undefined
    );
    expect(found).toEqual([
      { service: 'checkout', change: 0.6, severity: 'critical' },
      { service: 'cart', change: 0.25, severity: 'warning' },
    ]);
  });

  it('judges a service by its own levels', () => {
    const settings = { services: { cart: { signals: { http_latency_p95_wow: { warning: 0.5, critical: 1 } } } } };
    expect(regressionsFrom([answer('cart', 0.25), answer('checkout', 0.25)], settings).map((r) => r.service)).toEqual([
      'checkout',
    ]);
  });
});
