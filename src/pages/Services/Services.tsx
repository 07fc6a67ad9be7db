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
  RadioButtonGroup,
  Stack,
  Text,
  TextLink,
  useStyles2,
} from '@grafana/ui';
import { type Status, dashboardPath, getSection, getSignal } from '@perfscope/catalog';
import { formatValue } from '../../components/format';
import { STATUS_BADGE, pickDatasource } from '../../components/pageData';
import { testIds } from '../../components/testIds';
import { useAppSettings } from '../../settings';
import { useLiveData } from '../Overview/useLiveData';
import {
  SERVICE_SIGNALS,
  type ServiceRow,
  type SortKey,
  filterRows,
  serviceQueries,
  serviceRows,
  sortRows,
} from './servicesTable';

const STATUS_FILTERS: Array<{ label: string; value: Status | 'all' }> = [
  { label: 'All', value: 'all' },
  { label: 'Critical', value: 'critical' },
  { label: 'Warning', value: 'warning' },
  { label: 'No data', value: 'no-data' },
];

const HTTP_DASHBOARD = dashboardPath(getSection('http'));

/** A signal's value as people write it, coloured by the service's own levels. */
function SignalCell({ row, id }: { row: ServiceRow; id: (typeof SERVICE_SIGNALS)[number] }) {
  const { value, status } = row.cells[id];
  const text = formatValue(getSignal(id).unit, value);
  const color =
    status === 'critical' ? 'error' : status === 'warning' ? 'warning' : status === 'no-data' ? 'secondary' : undefined;
  return <Text color={color}>{text}</Text>;
}

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
  const queries = useMemo(() => serviceQueries(settings), [settings]);
  const data = useLiveData(datasourceUid, queries, 300);
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<Status | 'all'>('all');
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'worst', descending: false });
  const all = useMemo(() => serviceRows(data.series, settings), [data.series, settings]);
  const rows = useMemo(
    () => sortRows(filterRows(all, search, status === 'all' ? undefined : status), sort.key, sort.descending),
    [all, search, status, sort]
  );
  // The table asks to sort; the order itself is the pure module's (worst first when unsorted).
  const fetchData: FetchDataFunc<ServiceRow> = useCallback(({ sortBy }) => {
    const [first] = sortBy;
    setSort(
      first ? { key: first.id as SortKey, descending: Boolean(first.desc) } : { key: 'worst', descending: false }
    );
  }, []);
  const columns = useMemo<Array<Column<ServiceRow>>>(
    () => [
      {
        id: 'service',
        header: 'Service',
        sortType: 'string',
        cell: ({ row: { original } }) => (
          <TextLink href={`${HTTP_DASHBOARD}?var-service=${encodeURIComponent(original.service)}`} inline>
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
  return (
    <PluginPage>
      <div data-testid={testIds.services.container} className={styles.body}>
        {appSettings.status === 'error' && <Alert severity="warning" title={appSettings.message} />}
        {!datasourceUid ? (
          <Alert severity="info" title="No Perfscope datasource yet">
            Add a Perfscope datasource that points at your Prometheus-compatible API to list your services here.{' '}
            <a href="/connections/datasources/new">Add a datasource</a>
          </Alert>
        ) : (
          <>
            {data.errors?.map((e, i) => (
              <Alert key={i} severity="error" title="A query failed">
                {e.message}
              </Alert>
            ))}
            <Stack gap={2} alignItems="center" wrap="wrap">
              <Input
                data-testid={testIds.services.search}
                prefix={<span aria-hidden>⌕</span>}
                placeholder="Search services"
                aria-label="Search services"
                width={32}
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
              />
              <RadioButtonGroup options={STATUS_FILTERS} value={status} onChange={setStatus} />
              <Text color="secondary">
                {rows.length} of {all.length} services, worst first unless sorted. The health score comes from the
                recording rule perfscope:health_score.
              </Text>
            </Stack>
            {loading ? (
              <LoadingPlaceholder text="Reading the services…" />
            ) : all.length === 0 ? (
              <Text color="secondary">
                No service has data: check that your metrics carry the service label ({settings?.serviceLabel ?? 'job'})
                set on the configuration page.
              </Text>
            ) : (
              <div data-testid={testIds.services.table}>
                <InteractiveTable columns={columns} data={rows} getRowId={(r) => r.service} fetchData={fetchData} />
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
});
