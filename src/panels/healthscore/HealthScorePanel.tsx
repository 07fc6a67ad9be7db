import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelProps } from '@grafana/data';
import { Alert, useStyles2 } from '@grafana/ui';
import { useAppSettings } from '../../settings';
import { panelService } from '../serviceLevels';
import { testIds } from '../../components/testIds';
import { Breakdown } from './Breakdown';
import { PART_GAP, partSizes } from './layout';
import { type SettingsInput, toHealthModel } from './model';
import { ScoreHeadline } from './ScoreHeadline';
import { ScoreTrend } from './ScoreTrend';
import { type Options, defaultOptions } from './types';

export function HealthScorePanel({
  data,
  options: rawOptions,
  width,
  height,
  timeRange,
  replaceVariables,
}: PanelProps<Options>) {
  const styles = useStyles2(getStyles);
  // The service whose own levels apply, with the dashboard's variables replaced.
  const service = panelService(rawOptions.service, replaceVariables);
  const options = useMemo(() => ({ ...defaultOptions, ...rawOptions, service }), [rawOptions, service]);
  const appSettings = useAppSettings();
  const input: SettingsInput | undefined = useMemo(
    () =>
      appSettings.status === 'ready'
        ? { settings: appSettings.settings }
        : appSettings.status === 'error'
          ? { error: appSettings.message }
          : undefined,
    [appSettings]
  );
  const model = useMemo(
    () => (input ? toHealthModel(data.series, options, input) : undefined),
    [data.series, options, input]
  );

  if (!model) {
    return <div className={styles.notes}>Reading the Perfscope app settings…</div>;
  }

  const notes =
    model.notes.length > 0 ? (
      <div className={styles.notes} data-testid={testIds.healthPanel.notes}>
        {model.notes.map((note) => (
          <div key={note}>{note}</div>
        ))}
      </div>
    ) : null;

  if (model.score === undefined || !model.grade) {
    return (
      <div className={styles.root} style={{ width, height }}>
        <div data-testid={testIds.healthPanel.problems}>
          <Alert severity="warning" title="No health score">
            {model.problems.map((problem) => (
              <div key={problem}>{problem}</div>
            ))}
          </Alert>
        </div>
        {notes}
      </div>
    );
  }

  const compact = options.display === 'compact';
  const { headline: headlineSize, trend: trendHeight } = partSizes(height, { compact, showTrend: options.showTrend });
  const timeParams = `from=${timeRange.from.valueOf()}&to=${timeRange.to.valueOf()}`;
  return (
    <div className={styles.root} style={{ width, height }}>
      <ScoreHeadline
        score={model.score}
        grade={model.grade}
        display={options.display}
        decimals={options.scoreDecimals}
        size={headlineSize}
        worst={model.rows[0]?.cost ? model.rows[0].title : undefined}
      />
      {trendHeight > 0 && (
        <ScoreTrend
          points={model.trend}
          grades={options.grades}
          height={trendHeight}
          decimals={options.scoreDecimals}
        />
      )}
      {options.showBreakdown && (
        <Breakdown rows={model.rows} compact={compact} scoreDecimals={options.scoreDecimals} timeParams={timeParams} />
      )}
      {notes}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'flex',
    flexDirection: 'column',
    gap: PART_GAP,
    overflow: 'auto',
  }),
  notes: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
