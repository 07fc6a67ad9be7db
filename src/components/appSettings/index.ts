export {
  type AppSettingsState,
  SETTINGS_CHANGED_EVENT,
  announceAppSettings,
  describeSettingsError,
  loadAppSettings,
  onAppSettingsChanged,
} from './appSettings';
export { useAppSettings } from './useAppSettings';
