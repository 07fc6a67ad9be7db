import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';

/** The configuration page's sections and tables. */
export const getConfigStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  table: css({
    borderCollapse: 'collapse',
    'th, td': { padding: theme.spacing(0.5, 1), textAlign: 'left', verticalAlign: 'middle' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
    'tbody tr': { borderTop: `1px solid ${theme.colors.border.weak}` },
  }),
  promql: css({
    fontFamily: theme.typography.fontFamilyMonospace,
    fontSize: theme.typography.bodySmall.fontSize,
    wordBreak: 'break-all',
  }),
});
