import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, FieldType, type StandardEditorProps } from '@grafana/data';
import { Button, Combobox, type ComboboxOption, IconButton, useStyles2 } from '@grafana/ui';
import { findSignal } from '@perfscope/catalog';
import type { MappingRule, Options } from '../types';

type Props = StandardEditorProps<MappingRule[], unknown, Options>;

/**
 * Series → component: each rule maps a query (refId) or a series name to a health component. Series
 * already named after a component id (as the Health query names them) need no rule.
 */
export function MappingEditor({ value, onChange, context }: Props) {
  const styles = useStyles2(getStyles);
  const rules = value ?? [];
  const sources = useMemo<Array<ComboboxOption<string>>>(() => {
    const names = new Set<string>();
    for (const frame of context.data ?? []) {
      if (frame.refId) {
        names.add(frame.refId);
      }
      for (const field of frame.fields) {
        if (field.type === FieldType.number) {
          names.add(field.config.displayNameFromDS ?? field.name);
        }
      }
    }
    return [...names].map((n) => ({ value: n, label: n }));
  }, [context.data]);
  const components = useMemo<Array<ComboboxOption<string>>>(
    () => (context.options?.components ?? []).map((c) => ({ value: c.id, label: findSignal(c.id)?.title ?? c.id })),
    [context.options?.components]
  );
  const update = (index: number, patch: Partial<MappingRule>) =>
    onChange(rules.map((r, i) => (i === index ? { ...r, ...patch } : r)));

  return (
    <div className={styles.root}>
      {rules.map((rule, index) => (
        <div key={index} className={styles.row}>
          <Combobox<string>
            placeholder="refId or series"
            options={sources}
            value={rule.source || null}
            createCustomValue
            onChange={(o) => update(index, { source: o?.value ?? '' })}
          />
          <span>→</span>
          <Combobox<string>
            placeholder="component"
            options={components}
            value={rule.component || null}
            onChange={(o) => update(index, { component: o?.value ?? '' })}
          />
          <IconButton name="trash-alt" tooltip="Remove" onClick={() => onChange(rules.filter((_, i) => i !== index))} />
        </div>
      ))}
      <Button
        variant="secondary"
        size="sm"
        icon="plus"
        onClick={() => onChange([...rules, { source: '', component: '' }])}
      >
        Map a series
      </Button>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  }),
  row: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 1fr) auto minmax(0, 1fr) auto',
    alignItems: 'center',
    gap: theme.spacing(0.5),
  }),
});
