import React from 'react';
import { Alert, Badge, Stack, Text } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import type { FiringAlert } from './firingAlerts';
import { SilenceActions } from './SilenceActions';
import type { SilencesState } from './useSilences';

interface Props {
  alerts?: FiringAlert[];
  error?: string;
  /** What "none" means here, e.g. "No Perfscope alert is firing." */
  none: string;
  /** Silencing from this list (useSilences); without it, the list only shows the alerts. */
  silences?: SilencesState;
}

/** Firing alerts (and rules Grafana cannot evaluate), one line each, critical first. */
export function FiringAlertList({ alerts, error, none, silences }: Props) {
  return (
    <>
      {error && <Alert severity="warning" title={error} />}
      {alerts?.length === 0 && <Text color="secondary">{none}</Text>}
      {alerts?.map((a) => (
        <Stack
          key={`${a.name}-${a.severity}-${a.state}-${a.service ?? ''}`}
          gap={1}
          alignItems="center"
          wrap="wrap"
          data-testid={testIds.overview.firingAlert}
        >
          <Badge text={a.severity} color={a.severity === 'critical' ? 'red' : 'orange'} />
          {a.state === 'error' && <Badge text="cannot evaluate" color="purple" icon="exclamation-triangle" />}
          <Text>
            {a.state === 'error'
              ? `${a.name}: the rule's query fails, so Grafana cannot tell whether it fires. Check the alerting Prometheus datasource.`
              : `${a.summary ?? a.name}${a.reason ? ` (${a.reason === 'NoData' ? 'no data' : a.reason})` : ''}`}
          </Text>
          {silences && <SilenceActions alert={a} silences={silences} />}
        </Stack>
      ))}
    </>
  );
}
