import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Badge, LoadingPlaceholder, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import { ROUTES, getRoute } from '../../constants';
import { STATUS_BADGE } from '../../components/pageData';
import { testIds } from '../../components/testIds';
import { GRADE_ORDER, type ServiceRow, gradeCounts, sortRows } from '../Services/servicesTable';
import { type FiringAlert, firingByService } from './firingAlerts';
import type { Regression } from './regressions';

/** Services listed as the worst on the Overview. */
const WORST = 5;

const GRADE_COLOR = { A: 'green', B: 'green', C: 'orange', D: 'orange', F: 'red', none: 'darkgrey' } as const;

const serviceLink = (service: string) => getRoute(ROUTES.Service, encodeURIComponent(service));

interface Props {
  rows: ServiceRow[];
  loading: boolean;
  alerts?: FiringAlert[];
  /** Services slower than at the same time last week; undefined while unknown. */
  regressions?: Regression[];
}

/** The fleet at a glance: services by grade, the worst ones, and the services with firing alerts. */
export function FleetSummary({ rows, loading, alerts, regressions }: Props) {
  const styles = useStyles2(getStyles);
  const counts = gradeCounts(rows);
  const worst = sortRows(rows).slice(0, WORST);
  const firing = firingByService(alerts ?? []).filter((g) => g.service !== undefined);
  if (loading && rows.length === 0) {
    return <LoadingPlaceholder text="Reading the services…" />;
  }
  return (
    <div className={styles.columns} data-testid={testIds.overview.fleet}>
      <div>
        <Text element="h4">Services by grade</Text>
        <Stack gap={0.5} wrap="wrap">
          {GRADE_ORDER.map((g) => (
            <Badge
              key={g}
              text={`${g === 'none' ? 'No score' : g}: ${counts[g]}`}
              color={counts[g] === 0 ? 'darkgrey' : GRADE_COLOR[g]}
            />
          ))}
        </Stack>
        <Text color="secondary" element="p">
          {rows.length} services. <TextLink href={getRoute(ROUTES.Services)}>All services</TextLink>
        </Text>
      </div>
      <div data-testid={testIds.overview.worst}>
        <Text element="h4">Worst services</Text>
        {worst.length === 0 && (
          <Text color="secondary">No service has data: check the service label on the configuration page.</Text>
        )}
        {worst.map((r) => (
          <Stack key={r.service} gap={1} alignItems="center">
            <TextLink href={serviceLink(r.service)} inline>
              {r.service}
            </TextLink>
            <Text color="secondary">{r.score === undefined ? 'no score' : `${Math.round(r.score)} (${r.grade})`}</Text>
            <Badge text={STATUS_BADGE[r.status].text} color={STATUS_BADGE[r.status].color} />
          </Stack>
        ))}
      </div>
      <div data-testid={testIds.overview.firingByService}>
        <Text element="h4">Firing alerts by service</Text>
        {alerts && firing.length === 0 && <Text color="secondary">No service has a firing alert.</Text>}
        {firing.map((g) => (
          <Stack key={g.service} gap={1} alignItems="center">
            <TextLink href={serviceLink(g.service!)} inline>
              {g.service}
            </TextLink>
            {g.critical > 0 && <Badge text={`${g.critical} critical`} color="red" icon="bell" />}
            {g.alerts.length > g.critical && (
              <Badge text={`${g.alerts.length - g.critical} warning`} color="orange" icon="bell" />
            )}
          </Stack>
        ))}
      </div>
      <div data-testid={testIds.overview.slowerThanLastWeek}>
        <Text element="h4">Slower than last week</Text>
        {regressions && regressions.length === 0 && (
          <Text color="secondary">
            No service&apos;s p95 is past its regression level against the same time last week.
          </Text>
        )}
        {regressions?.map((r) => (
          <Stack key={r.service} gap={1} alignItems="center">
            <TextLink href={serviceLink(r.service)} inline>
              {r.service}
            </TextLink>
            <Badge text={`p95 +${Math.round(r.change * 100)} %`} color={r.severity === 'critical' ? 'red' : 'orange'} />
          </Stack>
        ))}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  columns: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))',
    gap: theme.spacing(2),
  }),
});
