import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, LoadingState } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import {
  Alert,
  Badge,
  type Column,
  Input,
  InteractiveTable,
  LinkButton,
  LoadingPlaceholder,
  Stack,
  Text,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import { dashboardPath, getSection } from '@perfscope/catalog';
import { formatValue } from '../../components/format';
import { NoDatasource, QueryErrors, StatusSparkline } from '../../components/PageNotices';
import { STATUS_BADGE, pickDatasource } from '../../components/pageData';
import { testIds } from '../../components/testIds';
import { ROUTES, getRoute } from '../../constants';
import { useAppSettings } from '../../settings';
import { useLiveData } from '../Overview/useLiveData';
import { BURN_WINDOW, type SloRow, pageSeconds, sloQueries, sloRows, sortSloRows } from './sloTable';

/** Points of the budget chart over the period: one every few hours. */
const CHART_POINTS = 120;
const PAGE_SIZE = 25;

function BudgetChart({ row }: { row: SloRow }) {
  if (!row.trend || row.trend.y.values.length < 2) {
    return <Text color="secondary">—</Text>;
  }
  return <StatusSparkline sparkline={row.trend} status={row.status} width={120} height={20} />;
}

/**
 * Objectives: every service's availability and latency objectives with the budget left over the
 * period, the burn rate over the last hour, the time until the budget is gone at that rate and the
 * budget over the period, worst first. Reads the objectives' recording rules.
 */
function Slo() {
  const styles = useStyles2(getStyles);
  const appSettings = useAppSettings();
  const settings = appSettings.status === 'ready' ? appSettings.settings : undefined;
  const datasourceUid = pickDatasource(settings?.datasourceUid);
  const queries = useMemo(() => sloQueries(settings), [settings]);
  const budget = useLiveData(datasourceUid, queries.budget, pageSeconds(settings), CHART_POINTS);
  const burn = useLiveData(datasourceUid, queries.burn, 900);
  const [search, setSearch] = useState('');
  const all = useMemo(
    () => sortSloRows(sloRows([...budget.series, ...burn.series], settings)),
    [budget.series, burn.series, settings]
  );
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return all.filter((r) => r.service.toLowerCase().includes(needle));
  }, [all, search]);
  const columns = useMemo<Array<Column<SloRow>>>(
    () => [
      {
        id: 'service',
        header: 'Service',
        cell: ({ row: { original } }) => (
          <TextLink href={getRoute(ROUTES.Service, encodeURIComponent(original.service))} inline>
            {original.service}
          </TextLink>
        ),
      },
      { id: 'title', header: 'Objective', cell: ({ row: { original } }) => <Text>{original.title}</Text> },
      {
        id: 'remaining',
        header: 'Budget left',
        cell: ({ row: { original } }) => (
          <Text color={original.remaining === undefined ? 'secondary' : original.remaining <= 0 ? 'error' : undefined}>
            {formatValue('percentunit', original.remaining)}
          </Text>
        ),
      },
      {
        id: 'burn',
        header: `Burn rate (${BURN_WINDOW})`,
        cell: ({ row: { original } }) => <Text>{formatValue('x', original.burn)}</Text>,
      },
      {
        id: 'exhaustion',
        header: 'Budget gone in',
        cell: ({ row: { original } }) => (
          <Text color="secondary">
            {original.remaining !== undefined && original.remaining <= 0
              ? 'Spent'
              : original.exhaustion === undefined
                ? 'Not at this pace'
                : formatValue('s', original.exhaustion)}
          </Text>
        ),
      },
      {
        id: 'chart',
        header: 'Budget over the period',
        cell: ({ row: { original } }) => <BudgetChart row={original} />,
      },
      {
        id: 'status',
        header: 'State',
        cell: ({ row: { original } }) => (
          <Badge text={STATUS_BADGE[original.status].text} color={STATUS_BADGE[original.status].color} />
        ),
      },
    ],
    []
  );
  const errors = [...(budget.errors ?? []), ...(burn.errors ?? [])];
  const loading = budget.state === LoadingState.Loading && all.length === 0;

  return (
    <PluginPage>
      <div
        data-testid={testIds.slo.container}
        className={styles.body}
        // How far the table is: the tests wait on it.
        data-rows={all.length}
      >
        {appSettings.status === 'error' && <Alert severity="warning" title={appSettings.message} />}
        {!datasourceUid ? (
          <NoDatasource purpose="the objectives" />
        ) : (
          <>
            <QueryErrors errors={errors} />
            <Stack gap={2} alignItems="center" wrap="wrap">
              <Input
                data-testid={testIds.slo.search}
                placeholder="Search services"
                aria-label="Search services"
                width={32}
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
              />
              <Text color="secondary">
                {rows.length} of {all.length} objectives, least budget left first.
              </Text>
              <LinkButton size="sm" variant="secondary" icon="apps" href={dashboardPath(getSection('slo'))}>
                Objectives dashboard
              </LinkButton>
            </Stack>
            {loading ? (
              <LoadingPlaceholder text="Reading the objectives…" />
            ) : all.length === 0 ? (
              <Text color="secondary">
                No objective has data: load the Perfscope recording rules for the objectives
                (provisioning/prometheus/rules/perfscope-slo.yml, or the configuration page&apos;s download) into
                Prometheus. The budget needs a few minutes of them.
              </Text>
            ) : (
              <div data-testid={testIds.slo.table}>
                <InteractiveTable columns={columns} data={rows} getRowId={(r) => r.key} pageSize={PAGE_SIZE} />
              </div>
            )}
          </>
        )}
      </div>
    </PluginPage>
  );
}

export default Slo;

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
});
