import { urlProblem } from './ConfigEditor';

describe('urlProblem', () => {
  it.each([
    ['http://prometheus:9090', undefined],
    ['https://mimir.example.com/prometheus', undefined],
    ['', /Enter the URL/],
    ['prometheus:9090/x y', /is not a URL|Only http/],
    ['ftp://host', /Only http:\/\/ and https:\/\//],
    ['http://user:pw@host:9090', /Do not put credentials in the URL/],
    ['http://host:9090/api/v1', /Leave \/api\/v1 off/],
  ])('%j', (url, problem) => {
    const result = urlProblem(url);
    if (problem === undefined) {
      expect(result).toBeUndefined();
    } else {
      expect(result).toMatch(problem);
    }
  });
});
