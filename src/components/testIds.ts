export const testIds = {
  overview: {
    container: 'data-testid perfscope-overview',
  },
  appConfig: {
    container: 'data-testid perfscope-config',
    toggle: 'data-testid perfscope-config-toggle',
    error: 'data-testid perfscope-config-error',
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
  },
};
