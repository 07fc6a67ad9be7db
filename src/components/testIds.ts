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
  },
  healthPanel: {
    components: 'data-testid perfscope-health-components',
  },
};
