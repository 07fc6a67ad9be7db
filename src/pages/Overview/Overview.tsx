import React, { useEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, LoadingState } from '@grafana/data';
import { PanelRenderer, PluginPage } from '@grafana/runtime';
import { Alert, Badge, Card, LinkButton, Stack, Text, useStyles2 } from '@grafana/ui';
import { SignalTable } from '../../components/SignalTable';
import { useAppSettings } from '../../settings';
import { testIds } from '../../components/testIds';
import {
  HEALTH_COMPONENTS,
  HEALTHSCORE_PANEL_PLUGIN_ID,
  STREAM_PANEL_PLUGIN_ID,
  dashboardPath,
  getSection,
} from '@perfscope/catalog';
import { AREA_SECTIONS, ROUTES, getRoute } from '../../constants';
import { heightForRows } from '../../panels/healthscore/layout';
import type { Query } from '../../datasource/types';
import { type FiringAlert, loadFiringAlerts } from './firingAlerts';
import { SECTION_SIGNALS, type SectionState, sectionStates } from './sectionStates';
import { useLiveData } from './useLiveData';
import { useElementSize } from '../../components/useElementSize';
import { STATUS_BADGE, pickDatasource } from '../../components/pageData';

/** Tall enough for the health panel to list every default component: its list is never cut. */
const PANEL_HEIGHT = heightForRows(HEALTH_COMPONENTS.length);

const HEALTH_QUERY: Query[] = [{ refId: 'H', mode: 'health', stream: true, pollSeconds: 15 }];
/** Every signal the area cards judge, polled slowly: the cards show each area's state. */
const SECTION_QUERIES: Query[] = SECTION_SIGNALS.map((s) => ({
  refId: s.id,
  mode: 'signal',
  signal: s.id,
  stream: true,
  pollSeconds: 30,
}));

const KEY_SIGNALS: Query[] = ['http_request_rate', 'http_error_rate', 'http_latency_p95', 'audio_streams_active'].map(
  (signal, i) => ({ refId: String.fromCharCode(65 + i), mode: 'signal', signal, stream: true, pollSeconds: 5 })
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
  const [alerts, setAlerts] = useState<FiringAlert[]>();
  const [alertsError, setAlertsError] = useState<string>();
  const states = useMemo(
    () => sectionStates(sectionData.series, settings, alerts),
    [sectionData.series, settings, alerts]
  );

  useEffect(() => {
    const load = () =>
      loadFiringAlerts().then(
        (list) => {
          setAlerts(list);
          setAlertsError(undefined);
        },
        () => setAlertsError('Firing alerts could not be read: check that Grafana alerting is enabled.')
      );
    load();
    const timer = setInterval(load, 30_000);
    return () => clearInterval(timer);
  }, []);

  return (
    <PluginPage>
      <div data-testid={testIds.overview.container} className={styles.body} ref={ref}>
        {appSettings.status === 'error' && <Alert severity="warning" title={appSettings.message} />}
        {!datasourceUid ? (
          <Alert severity="info" title="No Perfscope datasource yet">
            Add a Perfscope datasource that points at your Prometheus-compatible API to see the live view here.{' '}
            <a href="/connections/datasources/new">Add a datasource</a>
          </Alert>
        ) : (
          width > 0 && (
            <div className={styles.panels}>
              <div data-testid={testIds.overview.health}>
                <PanelRenderer
                  pluginId={HEALTHSCORE_PANEL_PLUGIN_ID}
                  title="Health score"
                  data={health}
                  width={Math.min(420, width)}
                  height={PANEL_HEIGHT}
                />
              </div>
              <div data-testid={testIds.overview.live}>
                <PanelRenderer
                  pluginId={STREAM_PANEL_PLUGIN_ID}
                  title="Live"
                  data={live}
                  width={Math.max(320, width - 440)}
                  height={PANEL_HEIGHT}
                />
              </div>
            </div>
          )
        )}

        <section data-testid={testIds.overview.alerts}>
          <Text element="h3">Firing alerts</Text>
          {alertsError && <Alert severity="warning" title={alertsError} />}
          {alerts?.length === 0 && <Text color="secondary">No Perfscope alert is firing.</Text>}
          {alerts?.map((a) => (
            <Stack key={`${a.name}-${a.severity}-${a.state}`} gap={1} alignItems="center">
              <Badge text={a.severity} color={a.severity === 'critical' ? 'red' : 'orange'} />
              {a.state === 'error' && <Badge text="cannot evaluate" color="purple" icon="exclamation-triangle" />}
              <Text>
                {a.state === 'error'
                  ? `${a.name}: the rule's query fails, so Grafana cannot tell whether it fires. Check the alerting Prometheus datasource.`
                  : `${a.summary ?? a.name}${a.reason ? ` (${a.reason === 'NoData' ? 'no data' : a.reason})` : ''}`}
              </Text>
            </Stack>
          ))}
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
  panels: css({ display: 'flex', gap: theme.spacing(2), flexWrap: 'wrap' }),
  cards: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
    gap: theme.spacing(1),
  }),
});
