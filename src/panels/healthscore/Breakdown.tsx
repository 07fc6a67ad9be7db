import React, { useRef } from 'react';
import { css, cx } from '@emotion/css';
import { type GrafanaTheme2, locationUtil } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { Status } from '@perfscope/catalog';
import { testIds } from '../../components/testIds';
import { useElementSize } from '../../components/useElementSize';
import { formatScore } from './format';
import { ROW_GAP, ROW_HEIGHT, rowsThatFit } from './layout';
import type { ComponentRow } from './model';

const STATUS_COLORS: Record<Status, string> = {
  ok: 'green',
  warning: 'orange',
  critical: 'red',
  'no-data': 'gray',
};

const STATUS_TEXT: Record<Status, string> = {
  ok: 'OK',
  warning: 'Warning',
  critical: 'Critical',
  'no-data': 'No data',
};

interface Props {
  rows: ComponentRow[];
  compact: boolean;
  scoreDecimals: number;
  /** `from`/`to` query parameters for dashboard links, e.g. `from=…&to=…`. */
  timeParams: string;
}

/** A link with the panel's time range; links to other sites are left as they are. */
export function withTimeRange(link: string, timeParams: string): string {
  if (/^[a-z]+:\/\//i.test(link)) {
    return link;
  }
  return locationUtil.assureBaseUrl(`${link}${link.includes('?') ? '&' : '?'}${timeParams}`);
}

/** What the hidden rows are: how many, and how many of them are not OK. */
function moreText(hidden: ComponentRow[]): string {
  const bad = hidden.filter((r) => r.status === 'warning' || r.status === 'critical').length;
  const noun = hidden.length === 1 ? 'component' : 'components';
  const state = bad > 0 ? `${bad} not OK` : hidden.every((r) => r.status === 'ok') ? 'all OK' : 'none failing';
  return `${hidden.length} more ${noun} (${state}): enlarge the panel to list them.`;
}

/**
 * The components worst first: value, thresholds, score and the points each costs. Only whole rows
 * are shown: when the panel is too low for all, the last line says how many more there are.
 */
export function Breakdown({ rows, compact, scoreDecimals, timeParams }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const box = useRef<HTMLDivElement>(null);
  const height = useElementSize(box)?.height;
  const { shown, line } = height === undefined ? { shown: rows.length, line: false } : rowsThatFit(height, rows.length);
  const hidden = line ? rows.slice(shown) : [];
  return (
    <div ref={box} className={styles.box}>
      <ul className={styles.list} data-testid={testIds.healthPanel.components}>
        {rows.slice(0, shown).map((row) => {
          const color = theme.visualization.getColorByName(STATUS_COLORS[row.status]);
          return (
            <li
              key={row.id}
              className={cx(styles.row, compact && styles.compactRow)}
              data-testid={testIds.healthPanel.component}
              data-component={row.id}
              data-status={row.status}
              title={row.noData ? `${row.title}: no data, ${row.noData}.` : undefined}
            >
              <span className={styles.dot} style={{ background: color }} aria-label={STATUS_TEXT[row.status]} />
              <a className={styles.title} href={withTimeRange(row.link ?? '', timeParams)}>
                {row.title}
              </a>
              <span className={styles.value} style={{ color: row.status === 'ok' ? undefined : color }}>
                {row.valueText}
              </span>
              {!compact && <span className={styles.thresholds}>{row.thresholdsText}</span>}
              <span className={styles.score}>
                {row.score === undefined ? 'no data' : `${formatScore(row.score, scoreDecimals)}/100`}
              </span>
              <span className={styles.cost} title={`weight ${row.weight}`}>
                {row.cost === undefined ? '—' : row.cost > 0 ? `−${formatCost(row.cost, scoreDecimals)} pts` : '0 pts'}
              </span>
            </li>
          );
        })}
        {hidden.length > 0 && (
          <li className={styles.more} data-testid={testIds.healthPanel.more}>
            {moreText(hidden)}
          </li>
        )}
      </ul>
    </div>
  );
}

/** Points lost, with at least one decimal so a small loss never shows as 0. */
function formatCost(cost: number, decimals: number): string {
  return cost.toFixed(Math.max(1, decimals));
}

const getStyles = (theme: GrafanaTheme2) => ({
  // Takes the panel's remaining height: its height decides how many whole rows are shown.
  // Never less than one line: a low panel still shows its worst component, or the line naming them.
  box: css({
    flex: '1 1 0',
    minHeight: ROW_HEIGHT,
    overflow: 'hidden',
  }),
  list: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: ROW_GAP,
  }),
  more: css({
    height: ROW_HEIGHT,
    lineHeight: `${ROW_HEIGHT}px`,
    padding: theme.spacing(0, 1),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  row: css({
    display: 'grid',
    gridTemplateColumns: 'auto minmax(80px, 1.4fr) auto minmax(0, 1.6fr) auto auto',
    alignItems: 'center',
    gap: theme.spacing(1),
    height: ROW_HEIGHT,
    boxSizing: 'border-box',
    padding: theme.spacing(0, 1),
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  compactRow: css({
    gridTemplateColumns: 'auto minmax(60px, 1fr) auto auto auto',
  }),
  dot: css({
    width: 8,
    height: 8,
    borderRadius: '50%',
  }),
  title: css({
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    color: theme.colors.text.primary,
    '&:hover': { textDecoration: 'underline' },
  }),
  value: css({
    fontVariantNumeric: 'tabular-nums',
    textAlign: 'right',
  }),
  thresholds: css({
    color: theme.colors.text.secondary,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
  score: css({
    fontVariantNumeric: 'tabular-nums',
    textAlign: 'right',
  }),
  cost: css({
    fontVariantNumeric: 'tabular-nums',
    textAlign: 'right',
    minWidth: '4.5em',
    color: theme.colors.text.secondary,
  }),
});
