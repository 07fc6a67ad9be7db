import { CircularDataFrame, FieldType, createDataFrame } from '@grafana/data';
import { lastNumber, numberField } from './frames';

describe('lastNumber', () => {
  it('skips gaps and NaN at the end of an array field', () => {
    const frame = createDataFrame({ fields: [{ name: 'Value', type: FieldType.number, values: [1, 7, null, NaN] }] });
    expect(lastNumber(numberField(frame))).toBe(7);
  });

  it('reads the newest point of a streaming frame whose buffer has wrapped', () => {
    const frame = new CircularDataFrame({ append: 'tail', capacity: 3 });
    frame.addField({ name: 'Time', type: FieldType.time });
    frame.addField({ name: 'Value', type: FieldType.number });
    for (let i = 1; i <= 5; i++) {
      frame.add({ Time: i * 1000, Value: i * 10 });
    }
    // Buffer [40, 50, 30] with the oldest at index 2: the newest is 50, not the buffer's last slot.
    expect(lastNumber(numberField(frame))).toBe(50);
    frame.add({ Time: 6000, Value: null });
    expect(lastNumber(numberField(frame))).toBe(50);
  });

  it('has no number without a field or values', () => {
    expect(lastNumber(undefined)).toBeUndefined();
    const frame = createDataFrame({ fields: [{ name: 'Value', type: FieldType.number, values: [null] }] });
    expect(lastNumber(numberField(frame))).toBeUndefined();
  });
});
