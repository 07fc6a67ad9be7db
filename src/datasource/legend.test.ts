import { LEGEND_AUTO, legendName, legendProblem } from './legend';

describe('legendName', () => {
  it('replaces placeholders with label values, tolerating spaces', () => {
    expect(legendName('{{route}} {{ status_code }}', { route: '/tracks/:id', status_code: '200' })).toBe(
      '/tracks/:id 200'
    );
  });

  // @grafana/data renderLegendFormat, as Grafana's Prometheus frontend renders legends
  // (public/app/plugins/datasource/prometheus/result_transformer.ts, createLabelInfo).
  it("shows a label the series lacks by its name, as Grafana's renderLegendFormat does", () => {
    expect(legendName('{{method}}: p95 {{x}}', { method: 'GET' })).toBe('GET: p95 x');
    expect(legendName('{{ route }}', undefined)).toBe('route');
    expect(legendName('static', undefined)).toBe('static');
  });

  // Grafana's Prometheus datasource sets no display name for `__auto` on a series with labels
  // (pkg/promlib/querydata/response.go, getName), nor for an empty legend.
  it.each([undefined, '', LEGEND_AUTO])('leaves the naming to the datasource for %p', (format) => {
    expect(legendName(format, { route: '/a' })).toBeUndefined();
  });
});

describe('legendProblem', () => {
  it('accepts empty, plain, auto and well-formed formats', () => {
    expect(legendProblem(undefined)).toBeUndefined();
    expect(legendProblem('')).toBeUndefined();
    expect(legendProblem(LEGEND_AUTO)).toBeUndefined();
    expect(legendProblem('{{route}} – {{method}}')).toBeUndefined();
  });

  it('names unbalanced braces and bad placeholders', () => {
    expect(legendProblem('{{route}')).toMatch(/Unbalanced/);
    expect(legendProblem('{{route-name}}')).toBe(
      '"{{route-name}}" is not a label name: use letters, digits and _, e.g. {{route}}.'
    );
  });
});
