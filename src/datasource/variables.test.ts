import { parseVariableQuery, sampleText } from './variables';

describe('parseVariableQuery', () => {
  it.each([
    ['label_names()', { kind: 'label_names' }],
    ['label_values(job)', { kind: 'label_values', label: 'job', match: undefined }],
    [
      'label_values(http_requests_total, route)',
      { kind: 'label_values', label: 'route', match: 'http_requests_total' },
    ],
    [
      'label_values(http_requests_total{job="a",code=~"5.."}, route)',
      { kind: 'label_values', label: 'route', match: 'http_requests_total{job="a",code=~"5.."}' },
    ],
    ['metrics(^http_.*)', { kind: 'metrics', regex: '^http_.*' }],
    [
      'query_result(topk(3, sum by (route) (rate(http_requests_total[5m]))))',
      { kind: 'query_result', expr: 'topk(3, sum by (route) (rate(http_requests_total[5m])))' },
    ],
    ['  label_names()  ', { kind: 'label_names' }],
  ])('parses %s', (text, parsed) => {
    expect(parseVariableQuery(text)).toEqual(parsed);
  });

  it.each([
    ['up', /not a variable query this datasource understands. Use one of: label_names\(\), label_values\(label\)/],
    ['series(up)', /not a variable query/],
    ['label_names(job)', /takes no arguments/],
    ['label_values(up, 0bad)', /needs a label name as its last argument, got "0bad"/],
    ['label_values(, job)', /needs a metric or selector before the comma/],
    ['metrics(()', /valid regular expression/],
    ['query_result()', /needs a PromQL expression/],
  ])('rejects %s', (text, message) => {
    expect(() => parseVariableQuery(text)).toThrow(message);
  });
});

describe('sampleText', () => {
  it('formats a sample like the Prometheus datasource', () => {
    expect(sampleText({ __name__: 'up', job: 'api' }, '1', 1700000000)).toBe('up{job="api"} 1 1700000000000');
    expect(sampleText({ route: '/a' }, '0.5', 1)).toBe('{route="/a"} 0.5 1000');
  });
});
