import { load } from 'js-yaml';
import { buildPrometheusRuleGroups } from '@perfscope/catalog';
import { ruleFileText } from './ruleFile';

describe('ruleFileText', () => {
  it('is the rule groups of the settings as YAML, in the team’s metric names and with links to this Grafana', () => {
    const settings = { presets: { http: 'otel' as const }, signals: { http_error_rate: { critical: 0.2 } } };
    const text = ruleFileText(settings, 'https://grafana.example.com');
    expect(text.startsWith('# Perfscope rules')).toBe(true);
    const parsed = load(text) as { groups: unknown };
    expect(parsed.groups).toEqual(buildPrometheusRuleGroups(settings, { grafanaUrl: 'https://grafana.example.com' }));
    expect(text).toContain('http_server_request_duration_seconds_count');
    expect(text).not.toMatch(/\bhttp_requests_total\b/);
    expect(text).toContain('https://grafana.example.com/d/');
    expect(text).toMatch(/> 0\.2\b/);
  });
});
