import { createTheme, FieldType, toDataFrame } from '@grafana/data';
import { toTiles } from './model';

const theme = createTheme();
const T0 = 1_700_000_000_000;

describe('toTiles', () => {
  it('makes one tile per numeric field with the latest non-null value formatted in its unit', () => {
    const frame = toDataFrame({
      refId: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: [T0, T0 + 5000, T0 + 10000] },
        { name: 'p95', type: FieldType.number, values: [0.2, 1.25, null], config: { unit: 's', decimals: 2 } },
        { name: 'route', type: FieldType.string, values: ['/a', '/b', '/c'] },
      ],
    });
    const tiles = toTiles([frame], theme);
    expect(tiles).toHaveLength(1);
    expect(tiles[0]).toMatchObject({ name: 'p95', text: '1.25 s', time: T0 + 5000 });
  });

  it('colours the value from the field thresholds', () => {
    const frame = toDataFrame({
      fields: [
        {
          name: 'errors',
          type: FieldType.number,
          values: [0.2],
          config: {
            unit: 'percentunit',
            thresholds: {
              mode: 'absolute',
              steps: [
                { value: -Infinity, color: 'green' },
                { value: 0.1, color: 'red' },
              ],
            },
          },
        },
      ],
    });
    const [tile] = toTiles([frame], theme);
    expect(tile.text).toBe('20%');
    expect(tile.color).toBe(theme.visualization.getColorByName('red'));
  });

  it('keeps NaN and infinities visible instead of hiding them', () => {
    const frame = toDataFrame({
      fields: [
        { name: 'a', type: FieldType.number, values: [NaN] },
        { name: 'b', type: FieldType.number, values: [Infinity] },
      ],
    });
    expect(toTiles([frame], theme).map((t) => t.text)).toEqual(['NaN', '∞']);
  });

  it('shows a field with no values as having no value, and no tiles for no numbers', () => {
    const empty = toDataFrame({ fields: [{ name: 'x', type: FieldType.number, values: [] }] });
    expect(toTiles([empty], theme)[0]).toMatchObject({ name: 'x', color: undefined, time: undefined });
    expect(toTiles([toDataFrame({ fields: [{ name: 's', type: FieldType.string, values: ['a'] }] })], theme)).toEqual(
      []
    );
    expect(toTiles([], theme)).toEqual([]);
  });
});
