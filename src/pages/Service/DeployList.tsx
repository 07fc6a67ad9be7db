import React from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, LoadingState, type PanelData, dateTimeFormat } from '@grafana/data';
import { Alert, Text, useStyles2 } from '@grafana/ui';
import { getSignal } from '@perfscope/catalog';
import { formatValue } from '../../components/format';
import { testIds } from '../../components/testIds';
import { AFTER_DEPLOY_SECONDS, DEPLOY_SIGNALS, type Deploy, type DeployChange, relativeChange } from './deploys';

const change = (c: DeployChange) => {
  const rel = relativeChange(c);
  const then = formatValue(c.unit, c.before);
  if (c.after === undefined) {
    return `${then} → …`;
  }
  return `${then} → ${formatValue(c.unit, c.after)}${rel === undefined ? '' : ` (${rel >= 0 ? '+' : ''}${(rel * 100).toFixed(0)} %)`}`;
};

/** The service's deploys of the last day, newest first, each with its p95 and error rate before and after. */
export function DeployList({ deploys, data }: { deploys: readonly Deploy[]; data: PanelData }) {
  const styles = useStyles2(getStyles);
  const error = data.errors?.[0]?.message;
  return (
    <section data-testid={testIds.service.deploys}>
      <Text element="h3">Deploys in the last 24 hours</Text>
      {error && <Alert severity="warning" title={`Deploys could not be read: ${error}`} />}
      {data.state === LoadingState.Done && deploys.length === 0 && !error && (
        <Text color="secondary">
          No deploy in the last 24 hours. Deploys are read from app_build_info (or the build metric of the naming
          preset): a service that does not expose one has none listed.
        </Text>
      )}
      {deploys.length > 0 && (
        <table className={styles.table}>
          <thead>
            <tr>
              <th>Version</th>
              <th>Deployed</th>
              {DEPLOY_SIGNALS.map((id) => (
                <th key={id}>{getSignal(id).title.replace(/^HTTP /, '')}: before → after</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {deploys.map((d) => (
              <tr key={`${d.version}-${d.time}`} data-testid={testIds.service.deploy}>
                <td>{d.version}</td>
                <td>{dateTimeFormat(d.time, { format: 'YYYY-MM-DD HH:mm' })}</td>
                {DEPLOY_SIGNALS.map((id) => (
                  <td key={id}>{change(d.signals[id])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deploys.some((d) => !d.settled) && (
        <Text color="secondary" variant="bodySmall">
          … : the values after a deploy are read {AFTER_DEPLOY_SECONDS / 60} minutes after it.
        </Text>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    borderCollapse: 'collapse',
    'th, td': { padding: theme.spacing(0.5, 1.5, 0.5, 0), textAlign: 'left' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
});
