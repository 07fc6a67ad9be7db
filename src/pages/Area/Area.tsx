import React from 'react';
import { useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, LinkButton, Text, useStyles2 } from '@grafana/ui';
import { areasOf, dashboardPath } from '@perfscope/catalog';
import { SignalTable } from '../../components/SignalTable';
import { useAppSettings } from '../../settings';
import { testIds } from '../../components/testIds';
import { AREA_SECTIONS, ROUTES, getRoute } from '../../constants';

/** One area: its signals with the thresholds in force, and its dashboard. */
function Area() {
  const styles = useStyles2(getStyles);
  const { area } = useParams<{ area: string }>();
  const section = AREA_SECTIONS.find((s) => s.id === area);
  const appSettings = useAppSettings();
  const settings = appSettings.status === 'ready' ? appSettings.settings : undefined;
  if (!section) {
    return (
      <PluginPage>
        <Alert severity="error" title={`There is no Perfscope area "${area}".`}>
          <a href={getRoute(ROUTES.Overview)}>Back to the overview</a>
        </Alert>
      </PluginPage>
    );
  }
  return (
    <PluginPage>
      <div className={styles.body} data-testid={testIds.area.container}>
        <div>
          <LinkButton icon="apps" href={dashboardPath(section)}>
            Open the {section.title} dashboard
          </LinkButton>
        </div>
        {areasOf(section.id).map((a) => (
          <SignalTable key={a} area={a} settings={settings} />
        ))}
        <Text color="secondary">Thresholds are set on the Perfscope configuration page.</Text>
      </div>
    </PluginPage>
  );
}

export default Area;

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
});
