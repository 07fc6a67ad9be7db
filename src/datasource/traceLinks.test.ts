import {
  type DataSourceInstanceSettings,
  applyFieldOverrides,
  createTheme,
  FieldType,
  createDataFrame,
} from '@grafana/data';
import type { Exemplar } from './exemplars';
import { exemplarFailureNotice, missingTraceIdNotice, traceLinks, traceQuery, tracingTarget } from './traceLinks';

const tempo = {
  uid: 'tempo-uid',
  name: 'Tempo',
  type: 'tempo',
  meta: { id: 'tempo', tracing: true },
} as unknown as DataSourceInstanceSettings;

const lookupOf =
  (...list: DataSourceInstanceSettings[]) =>
  (uid: string) =>
    list.find((ds) => ds.uid === uid);

describe('traceQuery', () => {
  it("asks each tracing datasource for one trace by id in its own query's words", () => {
    expect(traceQuery('tempo')).toEqual({ query: '${__value.raw}', queryType: 'traceql' });
    expect(traceQuery('jaeger')).toEqual({ query: '${__value.raw}' });
    expect(traceQuery('zipkin')).toEqual({ query: '${__value.raw}', queryType: 'traceID' });
    expect(traceQuery('grafana-x-tracing-datasource')).toEqual({ query: '${__value.raw}', queryType: 'traceql' });
  });
});

describe('traceLinks', () => {
  it("is Grafana's internal link to the tracing datasource", () => {
    expect(traceLinks(tempo)).toEqual([
      {
        title: 'Query with Tempo',
        url: '',
        internal: {
          query: { query: '${__value.raw}', queryType: 'traceql' },
          datasourceUid: 'tempo-uid',
          datasourceName: 'Tempo',
        },
      },
    ]);
    expect(traceLinks(tempo, true)[0].internal?.panelsState).toEqual({
      trace: { spanId: '${__data.fields["span_id"]}' },
    });
  });

  it('opens the clicked trace in Explore once Grafana has applied the field config', () => {
    // As a dashboard does: applyFieldOverrides gives the field getLinks, whose internal links become
    // Explore URLs (mapInternalLinkToExplore) with ${__value.raw} replaced by the panel's interpolation.
    const frame = createDataFrame({
      name: 'exemplar',
      fields: [
        { name: 'Time', type: FieldType.time, values: [1, 2] },
        { name: 'Value', type: FieldType.number, values: [0.4, 0.9] },
        { name: 'trace_id', type: FieldType.string, values: ['aaa', 'bbb'], config: { links: traceLinks(tempo) } },
      ],
    });
    const [processed] = applyFieldOverrides({
      data: [frame],
      fieldConfig: { defaults: {}, overrides: [] },
      // Grafana's template service replaces ${__value.raw} from the link's data context.
      replaceVariables: (text, scoped) => {
        const context = scoped?.__dataContext?.value as
          | { frame: { fields: Array<{ values: unknown[] }> }; field: { values: unknown[] }; rowIndex: number }
          | undefined;
        return text.replace('${__value.raw}', String(context?.field.values[context.rowIndex] ?? ''));
      },
      theme: createTheme(),
    });
    const link = processed.fields[2].getLinks!({ valueRowIndex: 1 })[0];
    expect(link.title).toBe('Query with Tempo');
    const left = JSON.parse(decodeURIComponent(link.href.split('left=')[1]));
    expect(left).toMatchObject({
      datasource: 'tempo-uid',
      queries: [{ query: 'bbb', queryType: 'traceql', datasource: { uid: 'tempo-uid' } }],
    });
  });
});

describe('tracingTarget', () => {
  it('is the chosen tracing datasource', () => {
    expect(tracingTarget('tempo-uid', lookupOf(tempo), 'Perfscope')).toEqual({
      ok: true,
      settings: { uid: 'tempo-uid', name: 'Tempo', type: 'tempo' },
    });
  });

  it('says where to choose one when none is chosen', () => {
    const target = tracingTarget(undefined, lookupOf(tempo), 'Perfscope');
    expect(target).toMatchObject({ ok: false, notice: { severity: 'info' } });
    expect(!target.ok && target.notice.text).toBe(
      'Exemplars are shown without links to their traces: choose a tracing datasource (Tempo, Jaeger or Zipkin) under "Exemplars" in the settings of the Perfscope datasource (Connections → Data sources).'
    );
  });

  it('says so when the chosen one is gone or is not a tracing datasource', () => {
    const gone = tracingTarget('deleted', lookupOf(tempo), 'Perfscope');
    expect(!gone.ok && gone.notice).toMatchObject({ severity: 'warning' });
    expect(!gone.ok && gone.notice.text).toMatch(/uid deleted\) was not found.*choose another under "Exemplars"/);
    const loki = {
      uid: 'loki',
      name: 'Logs',
      type: 'loki',
      meta: { id: 'loki' },
    } as unknown as DataSourceInstanceSettings;
    const wrong = tracingTarget('loki', lookupOf(loki), 'Perfscope');
    expect(!wrong.ok && wrong.notice.text).toMatch(/^Logs, chosen for exemplars, is not a tracing datasource/);
  });
});

describe('missingTraceIdNotice', () => {
  const ex = (own: Record<string, string>): Exemplar => ({
    timeMs: 1,
    value: 1,
    labels: { job: 'api', ...own },
    ownLabels: Object.keys(own),
  });

  it("names the labels the exemplars carry when none has the trace id's", () => {
    expect(
      missingTraceIdNotice([ex({ traceID: 'a' }), ex({ traceID: 'b', spanID: 'c' })], 'trace_id', 'Perfscope')
    ).toEqual({
      severity: 'warning',
      text: 'None of the 2 exemplars has the label trace_id (they carry spanID, traceID): set the label that holds the trace id under "Exemplars" in the settings of the Perfscope datasource (Connections → Data sources).',
    });
  });

  it('says nothing when some exemplar has it, or there are none', () => {
    expect(missingTraceIdNotice([ex({ traceID: 'a' }), ex({ trace_id: 'b' })], 'trace_id', 'P')).toBeUndefined();
    expect(missingTraceIdNotice([], 'trace_id', 'P')).toBeUndefined();
  });
});

describe('exemplarFailureNotice', () => {
  it('keeps the reason and says the series are still shown', () => {
    expect(exemplarFailureNotice(new Error('Not found (404) at http://vm:8428: the URL is wrong'))).toEqual({
      severity: 'warning',
      text: 'Exemplars could not be read, so the series are shown without them: Not found (404) at http://vm:8428: the URL is wrong.',
    });
  });
});
