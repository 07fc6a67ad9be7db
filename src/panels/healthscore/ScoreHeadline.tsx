import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import type { Grade } from '@perfscope/catalog';
import { testIds } from '../../components/testIds';
import { formatScore } from './format';
import type { ScoreDisplay } from './types';

/** Colour names of the grades in Grafana's palette. */
export const GRADE_COLORS: Record<Grade, string> = {
  A: 'green',
  B: 'light-green',
  C: 'yellow',
  D: 'orange',
  F: 'red',
};

interface Props {
  score: number;
  grade: Grade;
  display: ScoreDisplay;
  decimals: number;
  /** Pixels available for the headline's height. */
  size: number;
  /** The component that costs most, for the compact line. */
  worst?: string;
}

/** Half-circle arc from the left end to `fraction` of the way round (0–1). */
function arc(fraction: number): string {
  const angle = Math.PI * (1 - Math.min(Math.max(fraction, 0), 1));
  const x = 50 + 40 * Math.cos(angle);
  const y = 50 - 40 * Math.sin(angle);
  return `M 10 50 A 40 40 0 0 1 ${x.toFixed(3)} ${y.toFixed(3)}`;
}

/** The score large, with its grade, coloured by the grade. */
export function ScoreHeadline({ score, grade, display, decimals, size, worst }: Props) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const color = theme.visualization.getColorByName(GRADE_COLORS[grade]);
  const text = formatScore(score, decimals);
  const gradeBadge = (
    <span
      className={styles.grade}
      style={{ background: color, color: theme.colors.getContrastText(color) }}
      data-testid={testIds.healthPanel.grade}
    >
      {grade}
    </span>
  );

  if (display === 'compact') {
    return (
      <div className={styles.compact} data-testid={testIds.healthPanel.headline} data-grade={grade}>
        <span className={styles.compactScore} style={{ color }} data-testid={testIds.healthPanel.score}>
          {text}
        </span>
        {gradeBadge}
        {worst && <span className={styles.worst}>most lost: {worst}</span>}
      </div>
    );
  }

  const fontSize = Math.max(24, Math.min(72, size * 0.45));
  if (display === 'number') {
    return (
      <div className={styles.number} data-testid={testIds.healthPanel.headline} data-grade={grade}>
        <span className={styles.big} style={{ color, fontSize }} data-testid={testIds.healthPanel.score}>
          {text}
        </span>
        {gradeBadge}
      </div>
    );
  }

  const gaugeHeight = Math.max(60, size);
  return (
    <div className={styles.gauge} data-testid={testIds.healthPanel.headline} data-grade={grade}>
      <svg
        viewBox="0 0 100 56"
        width={gaugeHeight * (100 / 56)}
        height={gaugeHeight}
        role="img"
        aria-label={`Health score ${text} of 100, grade ${grade}`}
      >
        <path d={arc(1)} fill="none" stroke={theme.colors.border.medium} strokeWidth={8} strokeLinecap="round" />
        {score > 0 && <path d={arc(score / 100)} fill="none" stroke={color} strokeWidth={8} strokeLinecap="round" />}
        <text
          x={50}
          y={46}
          textAnchor="middle"
          fontSize={text.length > 4 ? 17 : 22}
          fontWeight={theme.typography.fontWeightMedium}
          fill={color}
          data-testid={testIds.healthPanel.score}
        >
          {text}
        </text>
      </svg>
      {gradeBadge}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grade: css({
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
    minWidth: theme.spacing(4),
    height: theme.spacing(4),
    padding: theme.spacing(0, 1),
    borderRadius: theme.shape.radius.default,
    fontWeight: theme.typography.fontWeightBold,
    fontSize: theme.typography.h4.fontSize,
  }),
  gauge: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(1),
  }),
  number: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    gap: theme.spacing(2),
  }),
  big: css({
    fontWeight: theme.typography.fontWeightMedium,
    lineHeight: 1,
  }),
  compact: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
  }),
  compactScore: css({
    fontSize: theme.typography.h3.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  worst: css({
    color: theme.colors.text.secondary,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
});
