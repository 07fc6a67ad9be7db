import { legendProblem, renderLegend } from './legend';

describe('renderLegend', () => {
  it('replaces placeholders with label values, tolerating spaces', () => {
    expect(renderLegend('{{route}} {{ status_code }}', { route: '/tracks/:id', status_code: '200' })).toBe(
      '/tracks/:id 200'
    );
  });

  it('renders a missing label as empty and leaves other text alone', () => {
    expect(renderLegend('{{method}}: p95 {{x}}', { method: 'GET' })).toBe('GET: p95 ');
    expect(renderLegend('static', undefined)).toBe('static');
  });
});

describe('legendProblem', () => {
  it('accepts empty, plain and well-formed formats', () => {
    expect(legendProblem(undefined)).toBeUndefined();
    expect(legendProblem('')).toBeUndefined();
    expect(legendProblem('{{route}} – {{method}}')).toBeUndefined();
  });

  it('names unbalanced braces and bad placeholders', () => {
    expect(legendProblem('{{route}')).toMatch(/Unbalanced/);
    expect(legendProblem('{{route-name}}')).toBe(
      '"{{route-name}}" is not a label name: use letters, digits and _, e.g. {{route}}.'
    );
  });
});
