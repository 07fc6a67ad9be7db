export {
  type AppSettingsState,
  SETTINGS_CHANGED_EVENT,
  announceAppSettings,
  describeSettingsError,
  loadAppSettings,
  saveAppSettings,
  settingsReadProblem,
  onAppSettingsChanged,
} from './appSettings';
export { useAppSettings } from './useAppSettings';
