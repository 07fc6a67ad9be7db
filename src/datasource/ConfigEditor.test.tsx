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
});
