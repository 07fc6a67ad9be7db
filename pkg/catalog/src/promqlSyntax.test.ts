import { checkPromQL, withPlaceholders } from './promqlSyntax';

describe('checkPromQL', () => {
  it.each([
    'sum(rate(http_requests_total[5m]))',
    'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{route=~"/tracks/.*"}[5m])))',
    '(sum(rate(errors_total[5m])) or vector(0)) / sum(rate(requests_total[5m]))',
    'max_over_time(up[1h:1m]) offset 5m',
    'min(perfscope:health_score)',
  ])('accepts valid PromQL: %s', (expr) => {
    expect(checkPromQL(expr)).toBeUndefined();
  });

  it('accepts template variables wherever Grafana substitutes them', () => {
    expect(checkPromQL('sum(rate(http_requests_total{route=~"$route"}[$__rate_interval]))')).toBeUndefined();
    expect(checkPromQL('sum by ($group) (rate(${metric}[$__interval])) > $threshold')).toBeUndefined();
    expect(checkPromQL('rate(x[5m]) offset $shift')).toBeUndefined();
  });

  it('says which bracket is missing when the text ends early', () => {
    const problem = checkPromQL('sum(rate(http_requests_total[5m])');
    expect(problem?.message).toBe(
      'Syntax error at line 1, column 34: The expression ends before it is complete: missing ")".'
    );
  });

  it('points at an unexpected token, with line and column', () => {
    const problem = checkPromQL('sum(rate(x[5m]))\n  by bad');
    expect(problem).toMatchObject({ line: 2, column: 6, from: 22, to: 25 });
    expect(problem?.message).toBe('Syntax error at line 2, column 6: Unexpected "bad".');
  });

  it('asks for an expression when empty', () => {
    expect(checkPromQL('  ')?.message).toMatch(/Enter a PromQL expression/);
  });

  it('reports an operator without its operand', () => {
    expect(checkPromQL('sum(x) /')?.message).toMatch(/needs an operand/);
  });
});

describe('withPlaceholders', () => {
  it('keeps the text length so positions stay true', () => {
    const expr = 'rate(x{a="$a"}[$__rate_interval]) + ${b:regex} + [[c]]';
    expect(withPlaceholders(expr)).toHaveLength(expr.length);
    expect(withPlaceholders('x[$__rate_interval]')).toBe('x[5m              ]');
  });
});
