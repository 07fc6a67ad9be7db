import { AREA_TITLES, type Detection, findPreset, formatWithUnit, type SignalState } from '@perfscope/catalog';

const STATES: Record<SignalState, string> = { data: 'data', missing: 'metric missing', 'no-traffic': 'no traffic' };

/** Rows as columns padded to their widest cell; the last column is not padded. */
export function table(rows: ReadonlyArray<readonly string[]>): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i])))
        .join('  ')
        .trimEnd()
    )
    .join('\n');
}

const BYTES = ['B', 'kB', 'MB', 'GB', 'TB'];

/**
 * A value as people read it, three significant digits: 0.0123 (s) → "0.0123 s", 0.05 (percentunit)
 * → "5 %", 394000000 (bytes) → "394 MB".
 */
export function show(value: number | undefined, unit: string): string {
  if (value === undefined) {
    return '';
  }
  if ((unit === 'bytes' || unit === 'Bps') && Math.abs(value) >= 1000) {
    const power = Math.min(BYTES.length - 1, Math.floor(Math.log10(Math.abs(value)) / 3));
    return `${Number((value / 1000 ** power).toPrecision(3))} ${BYTES[power]}${unit === 'Bps' ? '/s' : ''}`;
  }
  return formatWithUnit(Number(value.toPrecision(3)), unit);
}

/** The report the doctor prints: the preset found per area, then every signal with its state, value and PromQL. */
export function report(detection: Detection, source: string, names: number): string {
  const areas = table([
    ['Area', 'Preset', 'Fit', 'Runner-up'],
    ...detection.areas.map((a) => {
      const [best, next] = a.fits;
      const title = (id?: string) => (id ? (findPreset(id)?.title ?? id) : '');
      return [
        AREA_TITLES[a.area],
        a.preset ? title(a.preset) : 'none found',
        best && a.preset ? `${Math.round(best.score * 100)} %` : '',
        next && next.score > 0 ? `${title(next.preset)} (${Math.round(next.score * 100)} %)` : '',
      ];
    }),
  ]);
  const signals = table([
    ['Signal', 'State', 'Value', 'PromQL'],
    ...detection.signals.map((s) => [s.signal.title, STATES[s.state], show(s.value, s.signal.unit), s.promql]),
  ]);
  const counts = (state: SignalState) => detection.signals.filter((s) => s.state === state).length;
  return [
    `Perfscope doctor: ${source}, ${names} metric names`,
    '',
    areas,
    '',
    signals,
    '',
    `${counts('data')} of ${detection.signals.length} signals have data, ${counts('no-traffic')} have no traffic now, ${counts('missing')} read a metric the server does not have.`,
    Object.keys(detection.settings).length > 0
      ? `Suggested settings (perfscope-doctor --json prints them alone): ${JSON.stringify(detection.settings)}`
      : "Suggested settings: none, the kit's names fit.",
  ].join('\n');
}
