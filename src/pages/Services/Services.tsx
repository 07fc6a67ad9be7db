import React, { useCallback, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, LoadingState } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import {
  Alert,
  Badge,
  type Column,
  type FetchDataFunc,
  Input,
  InteractiveTable,
  LoadingPlaceholder,
  Pagination,
  RadioButtonGroup,
  Stack,
  Text,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import { type Status, getSignal } from '@perfscope/catalog';
import { formatValue } from '../../components/format';
import { NoDatasource, QueryErrors, StatusSparkline } from '../../components/PageNotices';
import { STATUS_BADGE, pickDatasource } from '../../components/pageData';
import { testIds } from '../../components/testIds';
import { useAppSettings } from '../../settings';
import { ROUTES, getRoute } from '../../constants';
import { SERVICE_SIGNALS, type ServiceRow, type SortKey, filterRows, pageOf, sortRows } from './servicesTable';
import { useServiceRows } from './useServiceRows';

const STATUS_FILTERS: Array<{ label: string; value: Status | 'all' }> = [
  { label: 'All', value: 'all' },
  { label: 'Critical', value: 'critical' },
  { label: 'Warning', value: 'warning' },
  { label: 'No data', value: 'no-data' },
];

/** The page's window: each sparkline shows the last 15 minutes. */
const WINDOW_SECONDS = 900;
/**
 * Rows per page: a page of sparklines draws in one frame, whatever the fleet's size. The page cuts
 * the rows itself and hands the table only those it shows: the table's own pagination would build
 * every row of a 1,000-service fleet on each update.
 */
const PAGE_SIZE = 25;
const SPARKLINE = { width: 72, height: 20 };

/** A signal's value as people write it and its sparkline, coloured by the service's own levels. */
function SignalCell({ row, id }: { row: ServiceRow; id: (typeof SERVICE_SIGNALS)[number] }) {
  const styles = useStyles2(getStyles);
  const { value, status, trend } = row.cells[id];
  const text = formatValue(getSignal(id).unit, value);
  const color =
    status === 'critical' ? 'error' : status === 'warning' ? 'warning' : status === 'no-data' ? 'secondary' : undefined;
  return (
    <div className={styles.cell}>
      <Text color={color}>{text}</Text>
      {trend && trend.y.values.length > 1 && <StatusSparkline sparkline={trend} status={status} {...SPARKLINE} />}
    </div>
  );
}

const COMPLETE = (r: ServiceRow) => SERVICE_SIGNALS.every((id) => r.cells[id].value !== undefined);

/**
 * Services: one row per service with its request rate, error rate, p95, Apdex, health score and
 * grade, worst first, with search, a status filter and sorting by any column. Each service links
 * to the HTTP dashboard with it selected.
 */
function Services() {
  const styles = useStyles2(getStyles);
  const appSettings = useAppSettings();
  const settings = appSettings.status === 'ready' ? appSettings.settings : undefined;
  const datasourceUid = pickDatasource(settings?.datasourceUid);
  const { rows: all, data, recorded } = useServiceRows(datasourceUid, settings, WINDOW_SECONDS);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<Status | 'all'>('all');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'worst', descending: false });
  const [page, setPage] = useState(1);
  const rows = useMemo(
    () => sortRows(filterRows(all, search, status === 'all' ? undefined : status), sort.key, sort.descending),
    [all, search, status, sort]
  );
  const shown = useMemo(() => pageOf(rows, page, PAGE_SIZE), [rows, page]);
  // The table asks to sort; the order itself is the pure module's (worst first when unsorted).
  const fetchData: FetchDataFunc<ServiceRow> = useCallback(({ sortBy }) => {
    const [first] = sortBy;
    setSort(
      first ? { key: first.id as SortKey, descending: Boolean(first.desc) } : { key: 'worst', descending: false }
    );
    setPage(1);
  }, []);
  const columns = useMemo<Array<Column<ServiceRow>>>(
    () => [
      {
        id: 'service',
        header: 'Service',
        sortType: 'string',
        cell: ({ row: { original } }) => (
          <TextLink href={getRoute(ROUTES.Service, encodeURIComponent(original.service))} inline>
            {original.service}
          </TextLink>
        ),
      },
      {
        id: 'score',
        header: 'Health score',
        sortType: 'number',
        cell: ({ row: { original } }) => (
          <Text color={original.score === undefined ? 'secondary' : undefined}>
            {original.score === undefined ? 'No data' : `${Math.round(original.score)} (${original.grade})`}
          </Text>
        ),
      },
      ...SERVICE_SIGNALS.map((id): Column<ServiceRow> => ({
        id,
        header: getSignal(id).title.replace(/^HTTP /, ''),
        sortType: 'number',
        cell: ({ row: { original } }) => <SignalCell row={original} id={id} />,
      })),
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

  const loading = data.state === LoadingState.Loading && all.length === 0;
  const computed = SERVICE_SIGNALS.filter((id) => recorded && !recorded.has(id));
  return (
    <PluginPage>
      <div
        data-testid={testIds.services.container}
        className={styles.body}
        // How far the table is: the benchmark and the tests wait on these.
        data-services={all.length}
        data-complete-rows={all.filter(COMPLETE).length}
        data-scored-rows={all.filter((r) => r.score !== undefined).length}
      >
        {appSettings.status === 'error' && <Alert severity="warning" title={appSettings.message} />}
        {!datasourceUid ? (
          <NoDatasource purpose="your services" />
        ) : (
          <>
            <QueryErrors errors={data.errors ?? []} />
            <Stack gap={2} alignItems="center" wrap="wrap">
              <Input
                data-testid={testIds.services.search}
                prefix={<span aria-hidden>⌕</span>}
                placeholder="Search services"
                aria-label="Search services"
                width={32}
                value={search}
                onChange={(e) => {
                  setSearch(e.currentTarget.value);
                  setPage(1);
                }}
              />
              <RadioButtonGroup
                options={STATUS_FILTERS}
                value={status}
                onChange={(value) => {
                  setStatus(value);
                  setPage(1);
                }}
              />
              <Text color="secondary">
                {rows.length} of {all.length} services, worst first unless sorted, over the last 15 minutes.
              </Text>
            </Stack>
            {computed.length > 0 && all.length > 0 && (
              <Text color="secondary">
                {computed.map((id) => getSignal(id).title).join(', ')} computed from raw series: load the Perfscope
                recording rules into Prometheus to read them recorded, at a cost that grows with services rather than
                series.
              </Text>
            )}
            {all.length > 0 && all.every((r) => r.score === undefined) && (
              <Text color="secondary">
                No health score: it comes from the recording rule perfscope:health_score, which Prometheus does not have
                yet.
              </Text>
            )}
            {loading ? (
              <LoadingPlaceholder text="Reading the services…" />
            ) : all.length === 0 ? (
              <Text color="secondary">
                No service has data: check that your metrics carry the service label ({settings?.serviceLabel ?? 'job'})
                set on the configuration page.
              </Text>
            ) : (
              <div data-testid={testIds.services.table}>
                <InteractiveTable
                  columns={columns}
                  data={shown.rows}
                  getRowId={(r) => r.service}
                  fetchData={fetchData}
                />
                <div className={styles.pages}>
                  <Pagination
                    currentPage={shown.page}
                    numberOfPages={shown.pages}
                    onNavigate={setPage}
                    hideWhenSinglePage
                  />
                </div>
              </div>
            )}
          </>
        )}
      </div>
    </PluginPage>
  );
}

export default Services;

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  pages: css({ display: 'flex', justifyContent: 'center', marginTop: theme.spacing(1) }),
  cell: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), justifyContent: 'space-between' }),
});
