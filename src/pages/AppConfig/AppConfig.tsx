import React, { useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import type { AppPluginMeta, GrafanaTheme2, PluginConfigPageProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { Alert, Button, FieldSet, Text, useStyles2 } from '@grafana/ui';
import { SignalTable } from '../../components/SignalTable';
import { testIds } from '../../components/testIds';
import type { AppSettings } from '../../types';
import { describeSaveError } from './AppConfig.utils';
import { SettingsEditor } from './SettingsEditor';
import { AlertSync, type AlertSyncHandle } from './AlertSync';
import { grafanaAlertingApi } from './alertingApi';
import { desiredGroups } from './desiredRules';
import { announceAppSettings, saveAppSettings } from '../../settings';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {}

const AppConfig = ({ plugin }: AppConfigProps) => {
  const styles = useStyles2(getStyles);
  const { meta } = plugin;
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // Grafana hands the page the jsonData of the last page load: keep what was saved since.
  const [saved, setSaved] = useState<AppSettings | undefined>(meta.jsonData);
  const sync = useRef<AlertSyncHandle>(null);
  const alertingApi = useMemo(() => grafanaAlertingApi(), []);

  const setEnabled = async (enabled: boolean) => {
    setSaving(true);
    setError(undefined);
    try {
      // The settings saved since the page loaded go with it: Grafana replaces jsonData wholesale.
      await saveAppSettings({ enabled, pinned: enabled, jsonData: saved ?? {} });
      // Grafana loads app settings once per page load: reload so navigation and pages see the change.
      locationService.reload();
    } catch (e) {
      setError(describeSaveError(e));
      setSaving(false);
    }
  };

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
          <SettingsEditor
            enabled={meta.enabled}
            pinned={Boolean(meta.pinned)}
            saved={saved}
            onSaved={(settings) => {
              setSaved(settings);
              // Offer the alert-rule changes the new settings call for.
              sync.current?.review(settings);
              // Panels on this page (their own bundles) take the new settings at once.
              announceAppSettings(settings);
            }}
          />
          <FieldSet label="Alert rules">
            <AlertSync ref={sync} settings={saved} desiredGroups={desiredGroups} api={alertingApi} />
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
