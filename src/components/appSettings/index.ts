export { type AppSettingsState, describeSettingsError, loadAppSettings } from './appSettings';
export { useAppSettings } from './useAppSettings';
