import type { DataLink, DataSourceInstanceSettings, QueryResultMetaNotice } from '@grafana/data';
import type { Exemplar } from './exemplars';

/** Where a datasource's settings are changed, as a notice can say it. */
const settingsPlace = (datasourceName: string) =>
  `under "Exemplars" in the settings of the ${datasourceName} datasource (Connections → Data sources)`;

/**
 * The query that opens one trace by id in a tracing datasource, `${__value.raw}` standing for the
 * trace id (Grafana replaces it with the clicked value). Tempo reads a trace id as TraceQL, as
 * Grafana's Prometheus datasource links it (packages/grafana-prometheus/src/result_transformer.ts,
 * getDataLinks); Jaeger looks a trace up by id when the query has no type, Zipkin with `traceID`
 * (their JaegerQuery and ZipkinQuery types in public/app/plugins/datasource/{jaeger,zipkin}/types.ts).
 */
export function traceQuery(type: string): Record<string, string> {
  const id = '${__value.raw}';
  switch (type) {
    case 'jaeger':
      return { query: id };
    case 'zipkin':
      return { query: id, queryType: 'traceID' };
    default:
      return { query: id, queryType: 'traceql' };
  }
}

/**
 * The link on the trace id field: an internal link that opens the trace in Explore with the tracing
 * datasource, as Grafana's Prometheus datasource builds it (getDataLinks); with a `span_id` label
 * it also opens that span.
 */
export function traceLinks(
  tracing: Pick<DataSourceInstanceSettings, 'uid' | 'name' | 'type'>,
  withSpanId = false
): DataLink[] {
  return [
    {
      title: `Query with ${tracing.name}`,
      url: '',
      internal: {
        query: traceQuery(tracing.type),
        datasourceUid: tracing.uid,
        datasourceName: tracing.name,
        ...(withSpanId ? { panelsState: { trace: { spanId: '${__data.fields["span_id"]}' } } } : {}),
      },
    },
  ];
}

/** The tracing datasource exemplars link to, or why they have no links. */
export type TracingTarget =
  | { ok: true; settings: Pick<DataSourceInstanceSettings, 'uid' | 'name' | 'type'> }
  | { ok: false; notice: QueryResultMetaNotice };

/**
 * The tracing datasource of the settings, looked up as Grafana's datasource service has it
 * (`lookup`: getDataSourceSrv().getInstanceSettings): none chosen, one that is gone (deleted, or
 * not visible to this user) or one that is not a tracing datasource each give a notice saying what
 * to do; the exemplars show without links either way.
 */
export function tracingTarget(
  uid: string | undefined,
  lookup: (uid: string) => DataSourceInstanceSettings | undefined,
  datasourceName: string
): TracingTarget {
  if (!uid) {
    return {
      ok: false,
      notice: {
        severity: 'info',
        text: `Exemplars are shown without links to their traces: choose a tracing datasource (Tempo, Jaeger or Zipkin) ${settingsPlace(datasourceName)}.`,
      },
    };
  }
  const found = lookup(uid);
  if (!found) {
    return {
      ok: false,
      notice: {
        severity: 'warning',
        text: `The tracing datasource chosen for exemplars (uid ${uid}) was not found: it may have been deleted, or you may not have access to it. Exemplars are shown without links; choose another ${settingsPlace(datasourceName)}.`,
      },
    };
  }
  if (!found.meta?.tracing) {
    return {
      ok: false,
      notice: {
        severity: 'warning',
        text: `${found.name}, chosen for exemplars, is not a tracing datasource, so exemplars are shown without links: choose Tempo, Jaeger or Zipkin ${settingsPlace(datasourceName)}.`,
      },
    };
  }
  return { ok: true, settings: { uid: found.uid, name: found.name, type: found.type } };
}

/**
 * A notice when no exemplar carries the trace id label (they name it otherwise, e.g. traceID),
 * naming the labels they do have; undefined when some do or there are none.
 */
export function missingTraceIdNotice(
  exemplars: readonly Exemplar[],
  traceIdLabel: string,
  datasourceName: string
): QueryResultMetaNotice | undefined {
  if (exemplars.length === 0 || exemplars.some((ex) => ex.labels[traceIdLabel])) {
    return undefined;
  }
  const own = new Set<string>();
  for (const ex of exemplars) {
    ex.ownLabels?.forEach((name) => own.add(name));
  }
  const names = [...own].sort();
  return {
    severity: 'warning',
    text: `None of the ${exemplars.length.toLocaleString('en')} exemplars has the label ${traceIdLabel}${names.length ? ` (they carry ${names.join(', ')})` : ' (they carry no labels of their own)'}: set the label that holds the trace id ${settingsPlace(datasourceName)}.`,
  };
}

/** The notice for exemplars that could not be read: the series are still shown. */
export function exemplarFailureNotice(error: unknown): QueryResultMetaNotice {
  const message = error instanceof Error ? error.message : String(error);
  return {
    severity: 'warning',
    text: `Exemplars could not be read, so the series are shown without them: ${message.replace(/\.?$/, '.')}`,
  };
}
