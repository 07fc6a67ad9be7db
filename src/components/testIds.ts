export const testIds = {
  overview: {
    container: 'data-testid perfscope-overview',
    health: 'data-testid perfscope-overview-health',
    live: 'data-testid perfscope-overview-live',
    alerts: 'data-testid perfscope-overview-alerts',
  },
  area: {
    container: 'data-testid perfscope-area',
  },
  appConfig: {
    container: 'data-testid perfscope-config',
    toggle: 'data-testid perfscope-config-toggle',
    error: 'data-testid perfscope-config-error',
    settings: 'data-testid perfscope-config-settings',
    save: 'data-testid perfscope-config-save',
    status: 'data-testid perfscope-config-status',
    signalRow: (id: string) => `data-testid perfscope-config-signal-${id}`,
    sync: 'data-testid perfscope-config-sync',
    syncPlan: 'data-testid perfscope-config-sync-plan',
    syncResult: 'data-testid perfscope-config-sync-result',
  },
  streamPanel: {
    tiles: 'data-testid perfscope-stream-tiles',
    tile: 'data-testid perfscope-stream-tile',
    value: 'data-testid perfscope-stream-value',
    notes: 'data-testid perfscope-stream-notes',
  },
  queryEditor: {
    filters: 'data-testid perfscope-query-filters',
    promql: 'data-testid perfscope-query-promql',
    health: 'data-testid perfscope-query-health',
  },
  healthPanel: {
    components: 'data-testid perfscope-health-components',
    component: 'data-testid perfscope-health-component',
    headline: 'data-testid perfscope-health-headline',
    score: 'data-testid perfscope-health-score',
    grade: 'data-testid perfscope-health-grade',
    trend: 'data-testid perfscope-health-trend',
    problems: 'data-testid perfscope-health-problems',
    notes: 'data-testid perfscope-health-notes',
  },
};
