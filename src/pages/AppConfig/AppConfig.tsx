import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { Alert, Button, FieldSet, Text, useStyles2 } from '@grafana/ui';
import { SignalTable } from '../../components/SignalTable';
import { testIds } from '../../components/testIds';
import type { AppSettings } from '../../types';
import { SettingsEditor } from './SettingsEditor';
import { AlertSync } from './AlertSync';
import { DashboardSync } from './DashboardSync';
import { QuietHours } from './QuietHours';
import { grafanaAlertingApi } from './alertingApi';
import { grafanaDashboardApi } from './dashboardApi';
import { desiredGroups } from './desiredRules';
import { announceAppSettings } from '../../settings';
import { useAlertSync } from './useAlertSync';
import { useAppEnabled } from './useAppEnabled';
import { useDashboardSync } from './useDashboardSync';
import { useDetection } from './useDetection';
import { useSettingsForm } from './useSettingsForm';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {}

const AppConfig = ({ plugin }: AppConfigProps) => {
  const styles = useStyles2(getStyles);
  const { meta } = plugin;
  // Grafana hands the page the jsonData of the last page load: keep what was saved since.
  const [saved, setSaved] = useState<AppSettings | undefined>(meta.jsonData);
  const alertingApi = useMemo(() => grafanaAlertingApi(), []);
  const dashboardApi = useMemo(() => grafanaDashboardApi(), []);
  const { saving, error, setEnabled } = useAppEnabled(saved);
  const sync = useAlertSync(saved, desiredGroups, alertingApi);
  const app = { enabled: Boolean(meta.enabled), pinned: Boolean(meta.pinned), baseUrl: meta.baseUrl };
  const dashboards = useDashboardSync(saved, app, dashboardApi, setSaved);
  const detection = useDetection();
  const form = useSettingsForm(saved, app, (settings) => {
    setSaved(settings);
    // Offer the alert-rule and dashboard changes the new settings call for.
    sync.review(settings);
    dashboards.review(settings);
    // Panels on this page (their own bundles) take the new settings at once.
    announceAppSettings(settings);
  });

  return (
    <div data-testid={testIds.appConfig.container} className={styles.body}>
      <FieldSet label="Perfscope">
        <Text element="p" color="secondary">
          {meta.enabled
            ? 'Perfscope is enabled: its pages, panels, datasource and dashboards are available in this organisation.'
            : 'Enable Perfscope to add its pages, panels, datasource and dashboards to this organisation.'}
        </Text>
        {error && (
          <Alert title="Settings not saved" severity="error" data-testid={testIds.appConfig.error}>
            {error}
          </Alert>
        )}
        <Button
          data-testid={testIds.appConfig.toggle}
          variant={meta.enabled ? 'destructive' : 'primary'}
          disabled={saving}
          onClick={() => setEnabled(!meta.enabled)}
        >
          {meta.enabled ? 'Disable Perfscope' : 'Enable Perfscope'}
        </Button>
      </FieldSet>
      {meta.enabled ? (
        <>
          <SettingsEditor settings={form} detection={detection} writing={dashboards.applying} />
          <FieldSet label="Alert rules">
            <AlertSync sync={sync} />
          </FieldSet>
          <FieldSet label="Maintenance windows">
            <QuietHours />
          </FieldSet>
          <FieldSet label="Dashboards">
            <DashboardSync sync={dashboards} saving={form.saving} />
          </FieldSet>
        </>
      ) : (
        <FieldSet label="Default thresholds">
          <SignalTable />
        </FieldSet>
      )}
    </div>
  );
};

export default AppConfig;

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  }),
});
