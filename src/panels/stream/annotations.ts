import { type DataFrame, DataTopic, type Field, dateTimeFormat } from '@grafana/data';
import { isExemplarFrame } from './exemplars';

/**
 * Annotations in the stream panel: the dashboard's annotations (the Perfscope dashboards' Deploys
 * query among them) marked on each tile's chart where they fall in its window, as Grafana's time
 * series panel marks them.
 */

/** One annotation as its marker shows it. */
export interface AnnotationMark {
  /** Start, ms; a region ends at `timeEnd`. */
  time: number;
  timeEnd?: number;
  /** What the marker says, e.g. "Deploy 1.5.0 at 12:03:00: checkout now runs 1.5.0". */
  label: string;
  /** The annotation's colour as Grafana gives it (a name or a CSS colour), if any. */
  color?: string;
}

/** Markers a tile shows at most: the newest in its window (a chart with more could not tell them apart). */
export const MAX_MARKS = 20;

/**
 * The annotation frames among a panel's `data.annotations`: as Grafana's time series panel picks
 * them (public/app/plugins/panel/timeseries/plugins/utils.ts, getAnnotationFrames: not named
 * `exemplar`, the annotations data topic, rows, a field named `time`), a frame without a topic
 * taken too (it is in `data.annotations`, where only annotations come) and an exemplar frame marked
 * by its result type left out too.
 */
export function annotationFrames(annotations: readonly DataFrame[] | undefined): DataFrame[] {
  return (annotations ?? []).filter(
    (frame) =>
      !isExemplarFrame(frame) &&
      (frame.meta?.dataTopic === undefined || frame.meta.dataTopic === DataTopic.Annotations) &&
      frame.length > 0 &&
      frame.fields.some((f) => f.name === 'time')
  );
}

const text = (field: Field | undefined, row: number): string => {
  const v = field?.values[row];
  return typeof v === 'string' ? v.trim() : v === undefined || v === null ? '' : String(v);
};

/**
 * The annotations of the frames, oldest first, each with the label its marker shows (title, time
 * and text, as people read them) and its colour. Rows without a valid time are skipped.
 */
export function annotationMarks(frames: readonly DataFrame[], timeZone?: string): AnnotationMark[] {
  const marks: AnnotationMark[] = [];
  for (const frame of frames) {
    const byName = (name: string) => frame.fields.find((f) => f.name === name);
    const [time, timeEnd, title, body, color, isRegion] = ['time', 'timeEnd', 'title', 'text', 'color', 'isRegion'].map(
      byName
    );
    for (let row = 0; row < frame.length; row++) {
      const start = Number(time?.values[row]);
      if (!Number.isFinite(start)) {
        continue;
      }
      const end = Number(timeEnd?.values[row]);
      const region = end > start && isRegion?.values[row] !== false;
      const at = dateTimeFormat(start, { format: 'HH:mm:ss', timeZone });
      const heading = text(title, row);
      const said = text(body, row);
      const label = [heading ? `${heading} at ${at}` : `Annotation at ${at}`, said].filter(Boolean).join(': ');
      const shade = text(color, row);
      marks.push({ time: start, ...(region ? { timeEnd: end } : {}), label, ...(shade ? { color: shade } : {}) });
    }
  }
  return marks.sort((a, b) => a.time - b.time);
}

/**
 * The marks a chart showing [from, to] draws: those that start in it or, as regions, reach into it;
 * the newest MAX_MARKS of them, oldest first.
 */
export function marksInWindow(marks: readonly AnnotationMark[], from: number, to: number): AnnotationMark[] {
  const shown = marks.filter((m) => m.time <= to && (m.timeEnd ?? m.time) >= from);
  return shown.length > MAX_MARKS ? shown.slice(shown.length - MAX_MARKS) : shown;
}
