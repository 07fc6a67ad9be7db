import { DEPLOY_LOOKBACK, deployPromQL, deployVersionLabel } from './deploys';
import { presetOptions } from './presets';
import { checkPromQL } from './promqlSyntax';

describe('deployPromQL', () => {
  it('is each service’s version that was not running a lookback ago', () => {
    const expr = deployPromQL({ groupBy: ['job'], matchers: [{ label: 'job', op: '=~', value: '$service' }] });
    expect(expr).toBe(
      `max by (version, job) (app_build_info{job=~"$service"}) unless max by (version, job) (app_build_info{job=~"$service"} offset ${DEPLOY_LOOKBACK})`
    );
    expect(checkPromQL(expr.replace('$service', '.*'))).toBeUndefined();
  });

  it('reads the team’s build metric: OpenTelemetry’s target_info and its service_version', () => {
    const otel = { ...presetOptions({ http: 'otel' }), groupBy: ['service_name'] };
    expect(deployPromQL(otel)).toBe(
      'max by (service_version, service_name) (target_info) unless max by (service_version, service_name) (target_info offset 2m)'
    );
    expect(deployVersionLabel(otel)).toBe('service_version');
    expect(deployVersionLabel()).toBe('version');
  });

  it('takes the namespace prefix', () => {
    expect(deployPromQL({ prefix: 'shop_' })).toBe(
      'max by (version) (shop_app_build_info) unless max by (version) (shop_app_build_info offset 2m)'
    );
  });
});
