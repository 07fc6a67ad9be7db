import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { DataSourceInstanceSettings, DataSourceSettings } from '@grafana/data';
import { type GetDataSourceListFilters, setDataSourceSrv } from '@grafana/runtime';
import { ConfigEditor } from './ConfigEditor';
import type { Options, SecureOptions } from './types';

const instance = (uid: string, name: string, type: string, tracing: boolean) =>
  ({
    uid,
    name,
    type,
    meta: { id: type, tracing, info: { logos: { small: '' } } },
  }) as unknown as DataSourceInstanceSettings;

const TEMPO = instance('tempo-uid', 'Tempo', 'tempo', true);
const JAEGER = instance('jaeger-uid', 'Jaeger', 'jaeger', true);
const LOKI = instance('loki-uid', 'Loki', 'loki', false);

/** Grafana's datasource service as the picker uses it: lookups by uid or name, the list by its filters. */
function useDatasources(list: DataSourceInstanceSettings[]) {
  const find = (ref: unknown) => {
    const key = typeof ref === 'string' ? ref : (ref as { uid?: string } | null)?.uid;
    return list.find((ds) => ds.uid === key || ds.name === key);
  };
  setDataSourceSrv({
    getInstanceSettings: find,
    getList: (filters: GetDataSourceListFilters = {}) => list.filter((ds) => !filters.tracing || ds.meta.tracing),
    get: () => Promise.reject(new Error('not in these tests')),
    reload: () => undefined,
    registerRuntimeDataSource: () => undefined,
  } as never);
}

const options = (jsonData: Options, patch: object = {}) =>
  ({
    id: 1,
    uid: 'ps',
    name: 'Perfscope',
    jsonData,
    secureJsonFields: {},
    basicAuth: false,
    ...patch,
  }) as unknown as DataSourceSettings<Options, SecureOptions>;

describe('ConfigEditor', () => {
  beforeEach(() => useDatasources([TEMPO, JAEGER, LOKI]));

  it('shows the URL problem at the field', () => {
    render(<ConfigEditor options={options({ url: 'http://p:9090/api/v1' })} onOptionsChange={jest.fn()} />);
    expect(screen.getByText(/Leave \/api\/v1 off/)).toBeInTheDocument();
  });

  it('switches to bearer auth and asks for the token', () => {
    const onChange = jest.fn();
    const { rerender } = render(
      <ConfigEditor options={options({ url: 'http://p:9090' })} onOptionsChange={onChange} />
    );
    fireEvent.click(screen.getByLabelText('Bearer token'));
    const next = onChange.mock.calls[0][0];
    expect(next.jsonData.authMethod).toBe('bearer');
    rerender(<ConfigEditor options={next} onOptionsChange={onChange} />);
    expect(screen.getByText(/Enter the bearer token/)).toBeInTheDocument();
  });

  it('shows a saved token as configured, and typing a token sends it to secureJsonData', () => {
    const onChange = jest.fn();
    render(
      <ConfigEditor options={options({ url: 'http://p:9090', authMethod: 'bearer' })} onOptionsChange={onChange} />
    );
    fireEvent.change(document.getElementById('perfscope-bearerToken')!, { target: { value: 'abc' } });
    expect(onChange.mock.calls[0][0].secureJsonData).toEqual({ bearerToken: 'abc' });
    expect(JSON.stringify(onChange.mock.calls[0][0].jsonData)).not.toContain('abc');
  });

  it('moves credentials typed into the URL to basic auth, says so, and keeps them out of jsonData', () => {
    const onChange = jest.fn();
    const { rerender } = render(<ConfigEditor options={options({})} onOptionsChange={onChange} />);
    fireEvent.change(document.getElementById('perfscope-url')!, {
      target: { value: 'https://grafana:s3cret@mimir.example/prometheus' },
    });
    const next = onChange.mock.calls[0][0];
    expect(next.jsonData).toEqual({ url: 'https://mimir.example/prometheus', authMethod: 'basic' });
    expect(next.secureJsonData).toEqual({ basicAuthPassword: 's3cret' });
    rerender(<ConfigEditor options={next} onOptionsChange={onChange} />);
    expect(screen.getByText('Credentials moved out of the URL')).toBeInTheDocument();
    expect(screen.getByDisplayValue('grafana')).toBeInTheDocument();
  });

  it('shows stored settings of the wrong type at their fields instead of crashing', () => {
    const stored = { url: 'http://p:9090', tenant: 42, timeout: 'abc', httpHeaderName1: 7 } as unknown as Options;
    render(<ConfigEditor options={options(stored)} onOptionsChange={jest.fn()} />);
    expect(screen.getByText(/saved tenant is 42, not text/)).toBeInTheDocument();
    expect(screen.getByText(/whole number of seconds from 1 to 300, not "abc"/)).toBeInTheDocument();
    expect(screen.getByText(/saved header name is 7/)).toBeInTheDocument();
  });

  describe('exemplars', () => {
    it('offers the tracing datasources only, and stores the chosen one by uid', async () => {
      const onChange = jest.fn();
      render(<ConfigEditor options={options({ url: 'http://p:9090' })} onOptionsChange={onChange} />);
      const picker = document.getElementById('perfscope-tracing-datasource')!;
      await act(async () => {
        fireEvent.keyDown(picker, { key: 'ArrowDown' });
      });
      expect(screen.getByText('Tempo')).toBeInTheDocument();
      expect(screen.getByText('Jaeger')).toBeInTheDocument();
      expect(screen.queryByText('Loki')).not.toBeInTheDocument();
      await act(async () => {
        fireEvent.click(screen.getByText('Jaeger'));
      });
      expect(onChange.mock.calls.at(-1)[0].jsonData).toEqual({
        url: 'http://p:9090',
        tracingDatasourceUid: 'jaeger-uid',
      });
      expect(screen.queryByText('No tracing datasource yet')).not.toBeInTheDocument();
    });

    it('says when the chosen datasource is gone or is not a tracing one', () => {
      const { rerender } = render(
        <ConfigEditor
          options={options({ url: 'http://p:9090', tracingDatasourceUid: 'gone' })}
          onOptionsChange={jest.fn()}
        />
      );
      expect(screen.getByText(/The tracing datasource chosen earlier \(uid gone\) was not found/)).toBeInTheDocument();
      rerender(
        <ConfigEditor
          options={options({ url: 'http://p:9090', tracingDatasourceUid: 'loki-uid' })}
          onOptionsChange={jest.fn()}
        />
      );
      expect(
        screen.getByText('Loki is not a tracing datasource: choose Tempo, Jaeger or Zipkin, or clear it.')
      ).toBeInTheDocument();
    });

    it('says how to get a tracing datasource when Grafana has none', () => {
      useDatasources([LOKI]);
      render(<ConfigEditor options={options({ url: 'http://p:9090' })} onOptionsChange={jest.fn()} />);
      expect(screen.getByText('No tracing datasource yet')).toBeInTheDocument();
      expect(screen.getByText(/Add Tempo, Jaeger or Zipkin under Connections → Data sources/)).toBeInTheDocument();
    });

    it('keeps the trace id label, and flags one that is not a label name', () => {
      const onChange = jest.fn();
      const { rerender } = render(
        <ConfigEditor options={options({ url: 'http://p:9090' })} onOptionsChange={onChange} />
      );
      expect(screen.getByPlaceholderText('trace_id')).toBeInTheDocument();
      fireEvent.change(document.getElementById('perfscope-trace-id-label')!, { target: { value: 'trace-id' } });
      const next = onChange.mock.calls[0][0];
      expect(next.jsonData.exemplarTraceIdLabel).toBe('trace-id');
      rerender(<ConfigEditor options={next} onOptionsChange={onChange} />);
      expect(screen.getByText(/"trace-id" is not a label name: use letters, digits and _/)).toBeInTheDocument();
    });
  });
});
