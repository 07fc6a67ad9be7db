import { activeFilters, filterProblems } from './filters';

describe('label filters', () => {
  it('leaves out rows whose label is still empty', () => {
    const filters = [
      { label: '', op: '=' as const, value: 'x' },
      { label: 'job', op: '=' as const, value: 'api' },
    ];
    expect(activeFilters(filters)).toEqual([{ label: 'job', op: '=', value: 'api' }]);
    expect(activeFilters(undefined)).toEqual([]);
  });

  it('names a bad label name and a bad regex', () => {
    expect(
      filterProblems([
        { label: 'bad-name', op: '=', value: 'x' },
        { label: 'route', op: '=~', value: '(' },
      ])
    ).toEqual([
      'Filter 1: the text "bad-name" is not a valid label name.',
      'Filter 2: "(" is not a valid regular expression.',
    ]);
  });

  it('accepts variables and empty values', () => {
    expect(
      filterProblems([
        { label: 'route', op: '=~', value: '$route' },
        { label: 'tenant', op: '=', value: '' },
      ])
    ).toEqual([]);
  });
});
