import { useEffect, useState } from 'react';
import { type AppSettingsState, describeSettingsError, loadAppSettings, onAppSettingsChanged } from './appSettings';

/** The app settings for a panel: loading, ready, or an error with the reason (defaults apply then). */
export function useAppSettings(enabled = true): AppSettingsState {
  const [state, setState] = useState<AppSettingsState>({ status: 'loading' });
  useEffect(() => {
    if (!enabled) {
      return;
    }
    let live = true;
    loadAppSettings().then(
      (settings) => live && setState({ status: 'ready', settings }),
      (error) => live && setState({ status: 'error', message: describeSettingsError(error) })
    );
    // A save elsewhere on the page (the config page) applies at once.
    const unsubscribe = onAppSettingsChanged((settings) => setState({ status: 'ready', settings }));
    return () => {
      live = false;
      unsubscribe();
    };
  }, [enabled]);
  return state;
}
