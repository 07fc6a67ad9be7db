import { customSignalDef, findSignalIn, healthComponentsOf, signalsOf } from './custom';
import { buildPromQL } from './promql';
import { buildPrometheusAlertGroups } from './rules';
import { alertSpecs } from './rules/specs';
import { healthScoreConfig } from './score';
import { SIGNALS } from './signals';
import type { CustomSignal } from './types';
import { validateSettings } from './validateSettings';

const CHECKOUT: CustomSignal = {
  id: 'custom_checkout_p95',
  title: 'Checkout latency p95',
  area: 'http',
  unit: 's',
  promql: 'histogram_quantile(0.95, sum by (le) (rate(checkout_duration_seconds_bucket{$filters}[$window])))',
  direction: 'above',
  warning: 0.8,
  critical: 1.5,
  for: '10m',
  weight: 2,
};

describe('custom signals', () => {
  it('are signals like the catalog’s: PromQL with the filters and window, listed after the catalog', () => {
    const settings = { customSignals: [CHECKOUT] };
    expect(signalsOf(settings).map((s) => s.id)).toEqual([...SIGNALS.map((s) => s.id), 'custom_checkout_p95']);
    expect(signalsOf(undefined)).toBe(SIGNALS);
    const def = findSignalIn('custom_checkout_p95', settings)!;
    expect(def.thresholds).toEqual({ direction: 'above', warning: 0.8, critical: 1.5, for: '10m' });
    expect(buildPromQL(def, { matchers: [{ label: 'job', op: '=', value: 'shop' }], window: '1m' })).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(checkout_duration_seconds_bucket{job="shop"}[1m])))'
    );
    expect(findSignalIn('http_error_rate', settings)?.title).toBe('HTTP error rate');
  });

  it('alert at their levels, and take part in the health score at their weight', () => {
    const settings = {
      customSignals: [
        CHECKOUT,
        {
          ...CHECKOUT,
          id: 'custom_info',
          weight: undefined,
          warning: undefined,
          critical: undefined,
          direction: undefined,
        },
      ],
    };
    const specs = alertSpecs(settings).filter((s) => s.signal.id.startsWith('custom_'));
    expect(specs.map((s) => `${s.signal.id} ${s.severity} ${s.threshold}`)).toEqual([
      'custom_checkout_p95 warning 0.8',
      'custom_checkout_p95 critical 1.5',
    ]);
    const rules = buildPrometheusAlertGroups(settings).flatMap((g) => g.rules);
    expect(rules.filter((r) => r.expr.includes('checkout_duration_seconds_bucket'))).toHaveLength(2);
    expect(healthComponentsOf(settings).at(-1)).toEqual({ signal: 'custom_checkout_p95', weight: 2 });
    const config = healthScoreConfig(settings);
    expect(config.ok && config.config.components.map((c) => `${c.signal.id}:${c.weight}`).at(-1)).toBe(
      'custom_checkout_p95:2'
    );
    expect(customSignalDef(settings.customSignals[1]).thresholds).toBeUndefined();
  });

  it('are checked field by field, and only the valid ones are kept', () => {
    const check = validateSettings({
      customSignals: [
        CHECKOUT,
        { ...CHECKOUT, id: 'checkout', title: '', area: 'shop', unit: 'furlongs', promql: 'sum(rate(x[5m])' },
        { ...CHECKOUT, id: 'custom_checkout_p95', direction: undefined },
        { ...CHECKOUT, id: 'custom_levels', warning: 2, critical: 1 },
        { ...CHECKOUT, id: 'custom_weight', warning: undefined, critical: undefined, weight: 1 },
      ],
    });
    expect(check.settings.customSignals).toEqual([CHECKOUT]);
    expect(check.errors.map((e) => e.field)).toEqual([
      'customSignals[1].id',
      'customSignals[1].title',
      'customSignals[1].area',
      'customSignals[1].unit',
      'customSignals[1].promql',
      'customSignals[2].id',
      'customSignals[2].direction',
      'customSignals[3].warning',
      'customSignals[4].weight',
    ]);
    expect(check.errors[0].message).toMatch(/^The id must start with custom_/);
    expect(check.errors[5].message).toBe(
      '"custom_checkout_p95" is the id of another custom signal: give each its own.'
    );
    expect(check.errors[7].message).toMatch(/must be lower than critical/);
  });
});
