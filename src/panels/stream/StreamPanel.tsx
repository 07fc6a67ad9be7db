import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { toTiles } from './model';
import type { Options } from './types';

export function StreamPanel({ data, options, id, fieldConfig, width, height }: PanelProps<Options>) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const tiles = useMemo(() => toTiles(data.series, theme), [data.series, theme]);

  if (tiles.length === 0) {
    return <PanelDataErrorView panelId={id} fieldConfig={fieldConfig} data={data} needsNumberField />;
  }

  return (
    <div
      data-testid={testIds.streamPanel.tiles}
      className={options.layout === 'list' ? styles.list : styles.grid}
      style={{ width, height }}
    >
      {tiles.map((tile) => (
        <div key={tile.key} className={styles.tile}>
          <div className={styles.name} title={tile.name}>
            {tile.name}
          </div>
          <div className={styles.value} style={{ color: tile.color }}>
            {tile.text}
          </div>
        </div>
      ))}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(160px, 1fr))',
    gap: theme.spacing(1),
    overflow: 'auto',
  }),
  list: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    overflow: 'auto',
  }),
  tile: css({
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1, 1.5),
    minWidth: 0,
  }),
  name: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
  value: css({
    fontSize: theme.typography.h3.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
  }),
});
