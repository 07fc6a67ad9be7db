import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { Badge, type BadgeColor, useStyles2 } from '@grafana/ui';
import type { Status } from '@perfscope/catalog';
import { testIds } from '../../components/testIds';
import { toHealthModel } from './model';
import type { Options } from './types';

const BADGE: Record<Status, { color: BadgeColor; text: string }> = {
  ok: { color: 'green', text: 'OK' },
  warning: { color: 'orange', text: 'Warning' },
  critical: { color: 'red', text: 'Critical' },
  'no-data': { color: 'darkgrey', text: 'No data' },
};

export function HealthScorePanel({ data, options, id, fieldConfig }: PanelProps<Options>) {
  const styles = useStyles2(getStyles);
  const model = useMemo(() => toHealthModel(data.series, options.decimals), [data.series, options.decimals]);

  if (model.components.length === 0) {
    const hint =
      model.unmatched.length > 0
        ? `no series is named after a Perfscope signal (found: ${model.unmatched.slice(0, 5).join(', ')}). Set each query's refId to a signal id such as http_error_rate`
        : undefined;
    return <PanelDataErrorView panelId={id} fieldConfig={fieldConfig} data={data} message={hint} needsNumberField />;
  }

  return (
    <ul data-testid={testIds.healthPanel.components} className={styles.list}>
      {model.components.map((c) => (
        <li key={c.signalId} className={styles.row}>
          <span className={styles.title}>{c.title}</span>
          <span>{c.text}</span>
          <Badge color={BADGE[c.status].color} text={BADGE[c.status].text} />
        </li>
      ))}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
    overflow: 'auto',
    height: '100%',
  }),
  row: css({
    display: 'grid',
    gridTemplateColumns: '1fr auto auto',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 1),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
  }),
  title: css({
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
});
