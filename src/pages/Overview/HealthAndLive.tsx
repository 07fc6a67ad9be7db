import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2, PanelData } from '@grafana/data';
import { PanelRenderer } from '@grafana/runtime';
import { useStyles2 } from '@grafana/ui';
import { NoDatasource } from '../../components/PageNotices';
import { HEALTH_COMPONENTS, HEALTHSCORE_PANEL_PLUGIN_ID, STREAM_PANEL_PLUGIN_ID } from '@perfscope/catalog';
import { heightForRows } from '../../panels/healthscore/layout';

/** Tall enough for the health panel to list every default component: its list is never cut. */
const PANEL_HEIGHT = heightForRows(HEALTH_COMPONENTS.length);

interface Props {
  datasourceUid?: string;
  /** The page's width; nothing is drawn until it is known. */
  width: number;
  health: PanelData;
  live: PanelData;
  healthTitle: string;
  /** Options of both panels (e.g. the service whose own levels apply). */
  options?: Record<string, unknown>;
  testIds: { health: string; live: string };
  /** What the page would show, for the message without a datasource. */
  purpose: string;
}

/** A page's health-score panel and live tiles side by side, or how to add the datasource they need. */
export function HealthAndLive({ datasourceUid, width, health, live, healthTitle, options, testIds, purpose }: Props) {
  const styles = useStyles2(getStyles);
  if (!datasourceUid) {
    return <NoDatasource purpose={purpose} />;
  }
  if (width <= 0) {
    return null;
  }
  return (
    <div className={styles.panels}>
      <div data-testid={testIds.health}>
        <PanelRenderer
          pluginId={HEALTHSCORE_PANEL_PLUGIN_ID}
          title={healthTitle}
          data={health}
          options={options}
          width={Math.min(420, width)}
          height={PANEL_HEIGHT}
        />
      </div>
      <div data-testid={testIds.live}>
        <PanelRenderer
          pluginId={STREAM_PANEL_PLUGIN_ID}
          title="Live"
          data={live}
          options={options}
          width={Math.max(320, width - 440)}
          height={PANEL_HEIGHT}
        />
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panels: css({ display: 'flex', gap: theme.spacing(2), flexWrap: 'wrap' }),
});
