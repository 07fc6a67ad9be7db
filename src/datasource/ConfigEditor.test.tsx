import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';
import { ConfigEditor } from './ConfigEditor';
import type { Options, SecureOptions } from './types';

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
});
