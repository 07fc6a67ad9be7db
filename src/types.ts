import type { PerfscopeSettings } from '@perfscope/catalog';

/** App settings saved in the plugin's jsonData (`/api/plugins/perfscope-monitoring-app/settings`). */
export type AppSettings = PerfscopeSettings;
