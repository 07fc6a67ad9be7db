/** App settings saved in the plugin's jsonData (`/api/plugins/perfscope-monitoring-app/settings`). */
export interface AppSettings {
  /** Metric-name namespace prefix, e.g. `shop_`. */
  prefix?: string;
}
