import { DataTopic, FieldType, toDataFrame } from '@grafana/data';
import { MAX_MARKS, annotationFrames, annotationMarks, marksInWindow } from './annotations';

const T = Date.UTC(2026, 11, 1, 12, 0, 0);

/** Annotations as Grafana hands them to a panel: the fields of its annotation events, the annotations topic. */
const deploys = (rows: Array<{ time: number; title?: string; text?: string; timeEnd?: number; color?: string }>) =>
  toDataFrame({
    meta: { dataTopic: DataTopic.Annotations },
    fields: [
      { name: 'time', type: FieldType.time, values: rows.map((r) => r.time) },
      { name: 'timeEnd', type: FieldType.time, values: rows.map((r) => r.timeEnd ?? r.time) },
      { name: 'isRegion', type: FieldType.boolean, values: rows.map((r) => r.timeEnd !== undefined) },
      { name: 'title', type: FieldType.string, values: rows.map((r) => r.title) },
      { name: 'text', type: FieldType.string, values: rows.map((r) => r.text) },
      { name: 'color', type: FieldType.string, values: rows.map((r) => r.color) },
    ],
  });

describe('annotationFrames', () => {
  it('takes annotation frames and leaves exemplar frames, empty frames and frames of another topic', () => {
    const annotations = deploys([{ time: T, title: 'Deploy 1.5.0' }]);
    const exemplars = toDataFrame({
      name: 'exemplar',
      fields: [{ name: 'time', type: FieldType.time, values: [T] }],
    });
    const empty = deploys([]);
    const series = toDataFrame({
      meta: { dataTopic: 'series' as DataTopic },
      fields: [{ name: 'time', type: FieldType.time, values: [T] }],
    });
    const untagged = toDataFrame({ fields: [{ name: 'time', type: FieldType.time, values: [T] }] });
    expect(annotationFrames([annotations, exemplars, empty, series, untagged])).toEqual([annotations, untagged]);
    expect(annotationFrames(undefined)).toEqual([]);
  });
});

describe('annotationMarks', () => {
  it('labels each deploy with its title, time and text, oldest first, keeping its colour', () => {
    const frame = deploys([
      { time: T + 60_000, title: 'Deploy 1.5.0', text: 'checkout now runs 1.5.0', color: '#5794F2' },
      { time: T, title: 'Deploy 1.4.9', text: 'checkout now runs 1.4.9' },
    ]);
    expect(annotationMarks([frame], 'utc')).toEqual([
      { time: T, label: 'Deploy 1.4.9 at 12:00:00: checkout now runs 1.4.9' },
      { time: T + 60_000, label: 'Deploy 1.5.0 at 12:01:00: checkout now runs 1.5.0', color: '#5794F2' },
    ]);
  });

  it('keeps a region’s end, names an annotation without a title, and skips rows without a time', () => {
    const frame = deploys([
      { time: T, timeEnd: T + 300_000, text: 'Maintenance' },
      { time: Number.NaN, title: 'Broken' },
    ]);
    expect(annotationMarks([frame], 'utc')).toEqual([
      { time: T, timeEnd: T + 300_000, label: 'Annotation at 12:00:00: Maintenance' },
    ]);
  });
});

describe('marksInWindow', () => {
  const at = (min: number, end?: number) => ({
    time: T + min * 60_000,
    timeEnd: end === undefined ? undefined : T + end * 60_000,
    label: `at ${min}`,
  });

  it('shows the marks that start in the window or reach into it as regions', () => {
    const marks = [at(-20), at(-12, -8), at(-5), at(1)];
    expect(marksInWindow(marks, T - 10 * 60_000, T).map((m) => m.label)).toEqual(['at -12', 'at -5']);
  });

  it('shows at most the newest MAX_MARKS', () => {
    const marks = Array.from({ length: MAX_MARKS + 5 }, (_, i) => at(-30 + i));
    const shown = marksInWindow(marks, T - 60 * 60_000, T);
    expect(shown).toHaveLength(MAX_MARKS);
    expect(shown[shown.length - 1].label).toBe(`at ${-30 + MAX_MARKS + 4}`);
    expect(shown[0].label).toBe('at -25');
  });
});
