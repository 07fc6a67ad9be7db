import React, { useMemo, useRef } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, LoadingState } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Badge, Card, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { SignalTable } from '../../components/SignalTable';
import { useAppSettings } from '../../settings';
import { testIds } from '../../components/testIds';
import { dashboardPath, getSection, serviceLabelOf } from '@perfscope/catalog';
import { AREA_SECTIONS, ROUTES, getRoute } from '../../constants';
import type { Query } from '../../datasource/types';
import { FiringAlertList } from './FiringAlertList';
import { useFiringAlerts } from './useFiringAlerts';
import { useSilences } from './useSilences';
import { HealthAndLive } from './HealthAndLive';
import { FleetSummary } from './FleetSummary';
import { regressionQueries, regressionsFrom } from './regressions';
import { useServiceRows } from '../Services/useServiceRows';
import { SECTION_SIGNALS, type SectionState, sectionStates } from './sectionStates';
import { useLiveData } from './useLiveData';
import { useElementSize } from '../../components/useElementSize';
import { STATUS_BADGE, pickDatasource } from '../../components/pageData';

const HEALTH_QUERY: Query[] = [{ refId: 'H', mode: 'health', stream: true, pollSeconds: 15 }];
/** Every signal the area cards judge, polled slowly: the cards show each area's state. */
const SECTION_QUERIES: Query[] = SECTION_SIGNALS.map((s) => ({
  refId: s.id,
  mode: 'signal',
  signal: s.id,
  stream: true,
  pollSeconds: 30,
  // The cards show states, not traces: no exemplars to fetch.
  exemplars: false,
}));

const KEY_SIGNALS: Query[] = ['http_request_rate', 'http_error_rate', 'http_latency_p95', 'audio_streams_active'].map(
  (signal, i): Query => ({
    refId: String.fromCharCode(65 + i),
    mode: 'signal',
    signal,
    stream: true,
    pollSeconds: 5,
    exemplars: false,
  })
);

function Overview() {
  const styles = useStyles2(getStyles);
  const appSettings = useAppSettings();
  const settings = appSettings.status === 'ready' ? appSettings.settings : undefined;
  const datasourceUid = pickDatasource(settings?.datasourceUid);
  const health = useLiveData(datasourceUid, HEALTH_QUERY, 3600);
  // Live tiles over the last five minutes: what is happening now.
  const live = useLiveData(datasourceUid, KEY_SIGNALS, 300);
  const sectionData = useLiveData(datasourceUid, SECTION_QUERIES, 600);
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementSize(ref)?.width ?? 0;
  const { alerts, error: alertsError } = useFiringAlerts(serviceLabelOf(settings));
  const silences = useSilences();
  // The fleet: every service's row, as on the Services page, over the last five minutes.
  const fleet = useServiceRows(datasourceUid, settings, 300);
  const regressionTargets = useMemo(() => regressionQueries(settings), [settings]);
  const regressionData = useLiveData(datasourceUid, regressionTargets, 300);
  const regressions = useMemo(
    () => (regressionData.state === LoadingState.Done ? regressionsFrom(regressionData.series, settings) : undefined),
    [regressionData.state, regressionData.series, settings]
  );
  const states = useMemo(
    () => sectionStates(sectionData.series, settings, alerts),
    [sectionData.series, settings, alerts]
  );

  return (
    <PluginPage>
      <div data-testid={testIds.overview.container} className={styles.body} ref={ref}>
        {appSettings.status === 'error' && <Alert severity="warning" title={appSettings.message} />}
        {datasourceUid && (
          <section>
            <Text element="h3">Fleet</Text>
            <FleetSummary
              rows={fleet.rows}
              loading={fleet.data.state === LoadingState.Loading}
              alerts={alerts}
              regressions={regressions}
            />
          </section>
        )}

        <HealthAndLive
          datasourceUid={datasourceUid}
          width={width}
          health={health}
          live={live}
          healthTitle="Health score, all services"
          testIds={testIds.overview}
          purpose="the live view"
        />

        <section data-testid={testIds.overview.alerts}>
          <Text element="h3">Firing alerts</Text>
          <FiringAlertList
            alerts={alerts}
            error={alertsError}
            none="No Perfscope alert is firing."
            silences={silences}
          />
        </section>

        <section>
          <Text element="h3">Areas</Text>
          <div className={styles.cards}>
            <Card href={dashboardPath(getSection('overview'))}>
              <Card.Heading>Overview dashboard</Card.Heading>
              <Card.Description>Every area at a glance.</Card.Description>
            </Card>
            {AREA_SECTIONS.map((page) => (
              <Card key={page.id} href={getRoute(ROUTES.Area, page.id)} data-testid={testIds.overview.areaCard}>
                <Card.Heading>{page.title}</Card.Heading>
                <Card.Meta>{areaSummary(states.get(page.id))}</Card.Meta>
                <Card.Tags>
                  <AreaBadges state={states.get(page.id)} loading={sectionData.state === LoadingState.Loading} />
                </Card.Tags>
                <Card.Actions>
                  <LinkButton size="sm" variant="secondary" href={dashboardPath(page)}>
                    Dashboard
                  </LinkButton>
                </Card.Actions>
              </Card>
            ))}
          </div>
        </section>

        <section>
          <Text element="h3">Thresholds</Text>
          <Text element="p" color="secondary">
            Each signal turns warning or critical past these levels; the health score and the alert rules use the same
            values.
          </Text>
          <SignalTable settings={settings} />
        </section>
      </div>
    </PluginPage>
  );
}

/** What an area card says of its state: the worst signal, or that all are fine. */
function areaSummary(state: SectionState | undefined): string {
  if (!state?.worst) {
    return '';
  }
  if (state.status === 'ok') {
    return 'Every signal inside its levels';
  }
  const missing = state.noData > 1 ? ` (${state.noData} signals without data)` : '';
  return `${state.worst.title}: ${state.worst.text}${missing}`;
}

/** The area's status and its firing alerts, as badges. */
function AreaBadges({ state, loading }: { state: SectionState | undefined; loading: boolean }) {
  if (loading || !state) {
    return <Badge text="Checking…" color="blue" />;
  }
  const badge = STATUS_BADGE[state.status];
  return (
    <Stack gap={0.5}>
      <Badge text={badge.text} color={badge.color} data-status={state.status} />
      {state.firing > 0 && (
        <Badge
          text={`${state.firing} ${state.firing === 1 ? 'alert' : 'alerts'} firing`}
          color={state.critical > 0 ? 'red' : 'orange'}
          icon="bell"
        />
      )}
    </Stack>
  );
}

export default Overview;

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3) }),
  cards: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
    gap: theme.spacing(1),
  }),
});
