import {
  type DataFrame,
  type DisplayProcessor,
  type Field,
  FieldType,
  type GrafanaTheme2,
  getDisplayProcessor,
  getFieldDisplayName,
} from '@grafana/data';

/** One tile: the latest value of one numeric field. */
export interface Tile {
  key: string;
  name: string;
  /** Formatted latest value with unit, e.g. "1.25 s"; "No value" when the series has none. */
  text: string;
  /** Threshold colour of the latest value (theme colour string). */
  color?: string;
  /** Time of the latest value, epoch ms. */
  time?: number;
}

/** Latest finite-or-special value of a field (last non-null entry), with its index. */
function lastValue(field: Field): { value: number; index: number } | undefined {
  for (let i = field.values.length - 1; i >= 0; i--) {
    const v = field.values[i];
    if (typeof v === 'number') {
      return { value: v, index: i };
    }
  }
  return undefined;
}

/**
 * Tiles for every numeric field of every frame. Uses the field's own display processor (thresholds,
 * unit, decimals from field config) when Grafana has set one, else builds one from the field config.
 */
export function toTiles(frames: readonly DataFrame[], theme: GrafanaTheme2): Tile[] {
  const tiles: Tile[] = [];
  frames.forEach((frame, frameIndex) => {
    const timeField = frame.fields.find((f) => f.type === FieldType.time);
    frame.fields.forEach((field, fieldIndex) => {
      if (field.type !== FieldType.number) {
        return;
      }
      const display: DisplayProcessor = field.display ?? getDisplayProcessor({ field, theme });
      const last = lastValue(field);
      const shown = display(last?.value ?? null);
      tiles.push({
        key: `${frame.refId ?? frameIndex}-${fieldIndex}-${field.name}`,
        name: getFieldDisplayName(field, frame, frames as DataFrame[]),
        text: `${shown.prefix ?? ''}${shown.text}${shown.suffix ?? ''}`,
        color: last ? shown.color : undefined,
        time: last && timeField ? timeField.values[last.index] : undefined,
      });
    });
  });
  return tiles;
}
