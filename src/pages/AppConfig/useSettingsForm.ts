import { useMemo, useState } from 'react';
import type { PerfscopeSettings } from '@perfscope/catalog';
import { saveAppSettings } from '../../settings';
import { describeSaveError } from './AppConfig.utils';
import { type FormCheck, type SettingsForm, type SignalRow, checkForm, isDirty, toForm } from './settingsForm';

export interface SettingsFormState {
  form: SettingsForm;
  setForm: React.Dispatch<React.SetStateAction<SettingsForm>>;
  /** Changes one signal's row. */
  setRow(id: string, patch: Partial<SignalRow>): void;
  /** Every field's problem, and the settings when there is none. */
  check: FormCheck;
  /** The form differs from the saved settings. */
  dirty: boolean;
  errorCount: number;
  saving: boolean;
  saveError?: string;
  /** Saves the checked settings (nothing while a field is wrong); Grafana receives the whole jsonData. */
  save(): Promise<void>;
  /** Back to the catalog's defaults (not saved until Save). */
  reset(): void;
}

/** The settings form of the configuration page: typed text, its check, and saving it to Grafana. */
export function useSettingsForm(
  saved: PerfscopeSettings | undefined,
  app: { enabled: boolean; pinned: boolean },
  onSaved: (settings: PerfscopeSettings) => void
): SettingsFormState {
  const [form, setForm] = useState<SettingsForm>(() => toForm(saved));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const check = useMemo(() => checkForm(form), [form]);

  const setRow = (id: string, patch: Partial<SignalRow>) =>
    setForm((f) => ({ ...f, signals: { ...f.signals, [id]: { ...f.signals[id], ...patch } } }));

  const save = async () => {
    if (!check.settings) {
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    // The dashboard sync's record is no field of the form: it is saved again as it was.
    const settings = saved?.dashboardVersions
      ? { ...check.settings, dashboardVersions: saved.dashboardVersions }
      : check.settings;
    try {
      await saveAppSettings({ enabled: app.enabled, pinned: app.pinned, jsonData: settings });
      onSaved(settings);
    } catch (e) {
      setSaveError(describeSaveError(e));
    } finally {
      setSaving(false);
    }
  };

  return {
    form,
    setForm,
    setRow,
    check,
    dirty: isDirty(form, saved),
    errorCount: Object.keys(check.errors).length,
    saving,
    saveError,
    save,
    reset: () => setForm(toForm(undefined)),
  };
}
