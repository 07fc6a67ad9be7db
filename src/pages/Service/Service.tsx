import React, { useMemo, useRef } from 'react';
import { useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, LinkButton, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import { serviceLabelOf } from '@perfscope/catalog';
import { ROUTES, getRoute } from '../../constants';
import { pickDatasource } from '../../components/pageData';
import { testIds } from '../../components/testIds';
import { useElementSize } from '../../components/useElementSize';
import { useAppSettings } from '../../settings';
import { FiringAlertList } from '../Overview/FiringAlertList';
import { useFiringAlerts } from '../Overview/useFiringAlerts';
import { useSilences } from '../Overview/useSilences';
import { HealthAndLive } from '../Overview/HealthAndLive';
import { useLiveData } from '../Overview/useLiveData';
import { serviceDashboardLinks, serviceHealthQueries, serviceLiveQueries } from './servicePage';
import { DeployList } from './DeployList';
import { DEPLOY_HISTORY_SECONDS, DEPLOY_POINTS, DEPLOY_STEP_MS, deployQueries, deploysFrom } from './deploys';

/**
 * One service: its health score with the breakdown, its live tiles, its firing alerts, and every
 * dashboard with it selected. Panels judge it by its own levels where the settings give it some.
 */
function Service() {
  const styles = useStyles2(getStyles);
  const { name = '' } = useParams<{ name: string }>();
  const appSettings = useAppSettings();
  const settings = appSettings.status === 'ready' ? appSettings.settings : undefined;
  const datasourceUid = pickDatasource(settings?.datasourceUid);
  const healthQueries = useMemo(() => serviceHealthQueries(name, settings), [name, settings]);
  const liveQueries = useMemo(() => serviceLiveQueries(name, settings), [name, settings]);
  const health = useLiveData(datasourceUid, healthQueries, 3600);
  const live = useLiveData(datasourceUid, liveQueries, 300);
  const deployTargets = useMemo(() => deployQueries(name, settings), [name, settings]);
  const deployData = useLiveData(datasourceUid, deployTargets, DEPLOY_HISTORY_SECONDS, DEPLOY_POINTS);
  const deploys = useMemo(
    // "Now" is the end of the range the query read.
    () => deploysFrom(deployData.series, settings, deployData.timeRange.to.valueOf(), DEPLOY_STEP_MS),
    [deployData.series, deployData.timeRange, settings]
  );
  const { alerts, error } = useFiringAlerts(serviceLabelOf(settings));
  const silences = useSilences();
  const own = useMemo(() => alerts?.filter((a) => a.service === name), [alerts, name]);
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementSize(ref)?.width ?? 0;
  // The panels read the service's own levels through their `service` option.
  const panelOptions = useMemo(() => ({ service: name }), [name]);

  return (
    <PluginPage pageNav={{ text: name, subTitle: `The service ${name}: its health, live signals and alerts` }}>
      <div data-testid={testIds.service.container} className={styles.body} ref={ref}>
        <TextLink href={getRoute(ROUTES.Services)} icon="arrow-left" inline={false}>
          All services
        </TextLink>
        {appSettings.status === 'error' && <Alert severity="warning" title={appSettings.message} />}
        <HealthAndLive
          datasourceUid={datasourceUid}
          width={width}
          health={health}
          live={live}
          healthTitle={`Health score of ${name}`}
          options={panelOptions}
          testIds={testIds.service}
          purpose="this service"
        />

        <section data-testid={testIds.service.alerts}>
          <Text element="h3">Firing alerts</Text>
          <FiringAlertList
            alerts={own}
            error={error}
            silences={silences}
            none={`No Perfscope alert is firing for ${name}.`}
          />
        </section>

        <DeployList deploys={deploys} data={deployData} />

        <section>
          <Text element="h3">Dashboards</Text>
          <Stack gap={1} wrap="wrap">
            {serviceDashboardLinks(name).map((link) => (
              <LinkButton key={link.id} size="sm" variant="secondary" icon="apps" href={link.href}>
                {link.title}
              </LinkButton>
            ))}
          </Stack>
        </section>
      </div>
    </PluginPage>
  );
}

export default Service;

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(3) }),
});
