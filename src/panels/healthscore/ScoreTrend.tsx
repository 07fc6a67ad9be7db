import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { GradeBoundaries } from '@perfscope/catalog';
import { testIds } from '../../components/testIds';
import { formatScore } from './format';

interface Props {
  points: Array<{ time: number; score: number }>;
  grades: GradeBoundaries;
  height: number;
  decimals: number;
}

const WIDTH = 300;

/** The score over the window as a line on a 0–100 scale, with the C and D grade boundaries dashed. */
export function ScoreTrend({ points, grades, height, decimals }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  if (points.length < 2 || height < 16) {
    return null;
  }
  const t0 = points[0].time;
  const span = points[points.length - 1].time - t0 || 1;
  const x = (t: number) => ((t - t0) / span) * WIDTH;
  const y = (s: number) => (1 - s / 100) * height;
  const line = points.map((p) => `${x(p.time).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ');
  const scores = points.map((p) => p.score);
  const label = `Score over the window: from ${formatScore(points[0].score, decimals)} to ${formatScore(
    points[points.length - 1].score,
    decimals
  )}, lowest ${formatScore(Math.min(...scores), decimals)}`;
  return (
    <svg
      className={styles.trend}
      viewBox={`0 0 ${WIDTH} ${height}`}
      preserveAspectRatio="none"
      height={height}
      role="img"
      aria-label={label}
      data-testid={testIds.healthPanel.trend}
      data-points={points.length}
    >
      <title>{label}</title>
      {[grades.C, grades.D].map((boundary) => (
        <line
          key={boundary}
          x1={0}
          x2={WIDTH}
          y1={y(boundary)}
          y2={y(boundary)}
          stroke={theme.colors.border.medium}
          strokeDasharray="4 4"
          vectorEffect="non-scaling-stroke"
        />
      ))}
      <polyline
        points={line}
        fill="none"
        stroke={theme.colors.primary.main}
        strokeWidth={2}
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}

const getStyles = (_theme: GrafanaTheme2) => ({
  trend: css({
    display: 'block',
    width: '100%',
    flexShrink: 0,
  }),
});
