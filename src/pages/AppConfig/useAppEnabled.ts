import { useState } from 'react';
import { locationService } from '@grafana/runtime';
import { saveAppSettings } from '../../settings';
import type { AppSettings } from '../../types';
import { describeSaveError } from './AppConfig.utils';

/** Enabling and disabling the app from its configuration page, with the settings saved since the page loaded. */
export function useAppEnabled(saved: AppSettings | undefined) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();

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

  return { saving, error, setEnabled };
}
