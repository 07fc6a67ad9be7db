import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, StandardEditorProps } from '@grafana/data';
import { Button, Combobox, type ComboboxOption, IconButton, Input, Switch, useStyles2 } from '@grafana/ui';
import { HEALTH_COMPONENTS, SIGNALS, type SignalDef, findSignal } from '@perfscope/catalog';
import type { ComponentOption, Options } from '../types';
import { parseNumber } from './parseNumber';

type Props = StandardEditorProps<ComponentOption[], unknown, Options>;

const DEFAULT_WEIGHTS = new Map(HEALTH_COMPONENTS.map((c) => [c.signal, c.weight]));

/**
 * Each health component: on or off, and the panel's own weight, thresholds and link. Weights and
 * thresholds apply when the thresholds source is "Panel"; empty fields keep the app settings' values.
 */
export function ComponentsEditor({ value, onChange, context }: Props) {
  const styles = useStyles2(getStyles);
  const list = useMemo(() => value ?? [], [value]);
  const panelSource = context.options?.thresholdsSource === 'auto';
  const addable = useMemo<Array<ComboboxOption<string>>>(
    () =>
      (SIGNALS as readonly SignalDef[])
        .filter((s) => s.thresholds && s.id !== 'health_score' && !list.some((c) => c.id === s.id))
        .map((s) => ({ value: s.id, label: s.title })),
    [list]
  );
  const update = (index: number, patch: Partial<ComponentOption>) =>
    onChange(list.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  return (
    <div className={styles.root}>
      {!panelSource && (
        <div className={styles.hint}>
          Weights and thresholds come from the app settings; set Thresholds to Panel to change them here.
        </div>
      )}
      {list.map((c, index) => {
        const signal = findSignal(c.id);
        const t = signal?.thresholds;
        return (
          <div key={c.id} className={styles.component}>
            <div className={styles.header}>
              <Switch
                value={c.enabled}
                onChange={(e) => update(index, { enabled: e.currentTarget.checked })}
                aria-label={`Score ${signal?.title ?? c.id}`}
              />
              <span className={styles.title}>{signal?.title ?? `Unknown signal ${c.id}`}</span>
              <IconButton
                name="trash-alt"
                tooltip="Remove"
                onClick={() => onChange(list.filter((_, i) => i !== index))}
              />
            </div>
            {c.enabled && panelSource && (
              <div className={styles.numbers}>
                <Input
                  type="number"
                  prefix="Weight"
                  placeholder={String(DEFAULT_WEIGHTS.get(c.id) ?? 1)}
                  defaultValue={c.weight ?? ''}
                  onBlur={(e) => update(index, { weight: parseNumber(e.currentTarget.value) })}
                />
                <Input
                  type="number"
                  prefix="Warning"
                  placeholder={t?.warning === undefined ? '' : String(t.warning)}
                  defaultValue={c.warning ?? ''}
                  onBlur={(e) => update(index, { warning: parseNumber(e.currentTarget.value) })}
                />
                <Input
                  type="number"
                  prefix="Critical"
                  placeholder={t?.critical === undefined ? '' : String(t.critical)}
                  defaultValue={c.critical ?? ''}
                  onBlur={(e) => update(index, { critical: parseNumber(e.currentTarget.value) })}
                />
              </div>
            )}
            {c.enabled && (
              <Input
                prefix="Link"
                placeholder="its area dashboard"
                defaultValue={c.link ?? ''}
                onBlur={(e) => update(index, { link: e.currentTarget.value.trim() || undefined })}
              />
            )}
          </div>
        );
      })}
      {addable.length > 0 && (
        <Combobox<string>
          placeholder="Add a component"
          options={addable}
          value={null}
          onChange={(o) => o && onChange([...list, { id: o.value, enabled: true }])}
        />
      )}
      <Button
        variant="secondary"
        size="sm"
        fill="text"
        onClick={() => onChange(HEALTH_COMPONENTS.map((c) => ({ id: c.signal, enabled: true })))}
      >
        Reset to the default components
      </Button>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
  }),
  hint: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  component: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }),
  header: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  }),
  title: css({
    flexGrow: 1,
  }),
  numbers: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
    gap: theme.spacing(0.5),
  }),
});
