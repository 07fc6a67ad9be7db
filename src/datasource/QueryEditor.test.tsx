import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { HEALTH_COMPONENTS, SIGNALS, customSignalDef } from '@perfscope/catalog';
import { QueryEditor, pollProblem, windowProblem } from './QueryEditor';
import type { DataSource } from './datasource';
import type { Query } from './types';

const renderEditor = (query: Query, datasource: Partial<DataSource> = {}) => {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const ds = {
    // Our datasource's own list (DataSource.signalList): the catalog's signals and the settings' custom ones.
    signalList: jest.fn().mockResolvedValue(SIGNALS),
    signalLabels: jest.fn().mockResolvedValue(['job', 'route']),
    signalLabelValues: jest.fn().mockResolvedValue(['/tracks/:id', '/search']),
    ...datasource,
  } as unknown as DataSource;
  const view = render(<QueryEditor query={query} onChange={onChange} onRunQuery={onRunQuery} datasource={ds} />);
  return { onChange, onRunQuery, ds, view };
};

/** Opens a Combobox the way a person does: focus, then type nothing. */
async function openCombobox(input: HTMLElement) {
  await act(async () => {
    fireEvent.focus(input);
    fireEvent.click(input);
    fireEvent.change(input, { target: { value: '' } });
  });
}

describe('QueryEditor', () => {
  it('turns streaming on and runs the query', () => {
    const { onChange, onRunQuery } = renderEditor({ refId: 'A', mode: 'signal', signal: 'http_request_rate' });
    const [, stream] = screen.getAllByRole('switch');
    fireEvent.click(stream);
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ stream: true }));
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('has exemplars on by default for a latency signal, off for others, and stores the choice', () => {
    const latency = renderEditor({ refId: 'A', mode: 'signal', signal: 'http_latency_p95' });
    const exemplars = () => screen.getByRole('switch', { name: 'Exemplars' }) as HTMLInputElement;
    expect(exemplars().checked).toBe(true);
    fireEvent.click(exemplars());
    expect(latency.onChange).toHaveBeenCalledWith(expect.objectContaining({ exemplars: false }));
    expect(latency.onRunQuery).toHaveBeenCalled();
    latency.view.unmount();

    const rate = renderEditor({ refId: 'A', mode: 'signal', signal: 'http_request_rate' });
    expect(exemplars().checked).toBe(false);
    fireEvent.click(exemplars());
    expect(rate.onChange).toHaveBeenCalledWith(expect.objectContaining({ exemplars: true }));
  });

  it('offers no exemplars for an instant query, and none in health mode', () => {
    const instant = renderEditor({ refId: 'A', mode: 'signal', signal: 'http_latency_p95', instant: true });
    const exemplars = screen.getByRole('switch', { name: 'Exemplars' }) as HTMLInputElement;
    expect(exemplars.checked).toBe(false);
    expect(exemplars).toBeDisabled();
    instant.view.unmount();
    renderEditor({ refId: 'A', mode: 'health' });
    expect(screen.queryByRole('switch', { name: 'Exemplars' })).not.toBeInTheDocument();
  });

  it('shows the poll interval and window while streaming and flags bad ones', () => {
    renderEditor({ refId: 'A', mode: 'signal', signal: 'db_up', stream: true, pollSeconds: 0, streamWindow: '5 min' });
    expect(screen.getByText('Poll every 1 second or more.')).toBeInTheDocument();
    expect(screen.getByText(windowProblem('5 min')!)).toBeInTheDocument();
  });

  it('offers no streaming for an instant query', () => {
    renderEditor({ refId: 'A', mode: 'signal', signal: 'db_up', instant: true });
    const [, stream] = screen.getAllByRole('switch');
    expect(stream).toBeDisabled();
  });

  it('switching to instant turns streaming off', () => {
    const { onChange } = renderEditor({ refId: 'A', mode: 'signal', signal: 'db_up', stream: true });
    const [instant] = screen.getAllByRole('switch');
    fireEvent.click(instant);
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ instant: true, stream: false }));
  });

  it('lists the health components in health mode and hides the legend', () => {
    renderEditor({ refId: 'A', mode: 'health' });
    const text = screen.getByTestId('data-testid perfscope-query-health').textContent ?? '';
    expect(text).toContain('HTTP error rate (weight 3)');
    expect(text.match(/weight/g)).toHaveLength(HEALTH_COMPONENTS.length);
    expect(screen.queryByPlaceholderText('{{route}}')).not.toBeInTheDocument();
  });

  it('switches mode and runs the query', () => {
    const { onChange, onRunQuery } = renderEditor({ refId: 'A', mode: 'signal', signal: 'db_up' });
    fireEvent.click(screen.getByLabelText('Health'));
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ mode: 'health' }));
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('spells out a PromQL syntax error under the editor', () => {
    renderEditor({ refId: 'A', mode: 'promql', expr: 'sum(rate(x[5m])' });
    expect(screen.getByTestId('data-testid perfscope-query-promql')).toHaveTextContent(
      'Syntax error at line 1, column 16: The expression ends before it is complete: missing ")".'
    );
  });

  it('shows no error for valid PromQL with variables', () => {
    renderEditor({ refId: 'A', mode: 'promql', expr: 'sum(rate(x{route=~"$route"}[$__rate_interval]))' });
    expect(screen.getByTestId('data-testid perfscope-query-promql')).not.toHaveTextContent(/Syntax error/);
  });

  it('flags a broken legend format', () => {
    renderEditor({ refId: 'A', mode: 'signal', signal: 'db_up', legendFormat: '{{route' });
    expect(screen.getByText(/Unbalanced \{\{ \}\}/)).toBeInTheDocument();
  });

  it('adds and removes label filters', () => {
    const filters = [{ label: 'job', op: '=' as const, value: 'api' }];
    const { onChange } = renderEditor({ refId: 'A', mode: 'signal', signal: 'http_request_rate', filters });
    fireEvent.click(screen.getByText('Add label filter'));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ filters: [...filters, { label: '', op: '=', value: '' }] })
    );
    fireEvent.click(screen.getByLabelText('Remove this filter'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ filters: [] }));
  });

  it('offers label names from the signal series and says when they cannot be loaded', async () => {
    const { ds } = renderEditor(
      { refId: 'A', mode: 'signal', signal: 'http_error_rate', filters: [{ label: '', op: '=', value: '' }] },
      { signalLabels: jest.fn().mockRejectedValue(new Error('Unauthorized (401)')) }
    );
    await openCombobox(screen.getAllByRole('combobox')[2]);
    expect(await screen.findByText('Could not load suggestions: Unauthorized (401)')).toBeInTheDocument();
    expect(ds.signalLabels).toHaveBeenCalledWith('http_error_rate');
  });

  it("lists the app settings' custom signals with the catalog's, and shows a chosen one", async () => {
    const custom = customSignalDef({
      id: 'custom_checkout_errors',
      title: 'Checkout errors',
      area: 'http',
      unit: 'percentunit',
      promql: 'sum(rate(checkouts_failed_total{$filters}[$window]))',
    });
    renderEditor(
      { refId: 'A', mode: 'signal', signal: 'custom_checkout_errors' },
      { signalList: jest.fn().mockResolvedValue([...SIGNALS, custom]) }
    );
    // The signal list loads first (a promise), then the chosen custom signal shows: allow a busy machine time.
    await waitFor(() => expect(screen.getAllByRole('combobox')[1]).toHaveValue('Checkout errors'), { timeout: 5000 });
  });

  it('loads label values for the chosen label of the signal', async () => {
    const { ds } = renderEditor({
      refId: 'A',
      mode: 'signal',
      signal: 'http_request_rate',
      filters: [{ label: 'route', op: '=', value: '' }],
    });
    await openCombobox(screen.getAllByRole('combobox')[4]);
    await waitFor(() => expect(ds.signalLabelValues).toHaveBeenCalledWith('http_request_rate', 'route'));
    expect(screen.queryByText(/Could not load suggestions/)).not.toBeInTheDocument();
  });
});

describe('field checks', () => {
  it('poll interval', () => {
    expect(pollProblem(undefined)).toBeUndefined();
    expect(pollProblem(1)).toBeUndefined();
    expect(pollProblem(0.5)).toBe('Poll every 1 second or more.');
    expect(pollProblem(NaN)).toBe('Poll every 1 second or more.');
  });

  it('stream window', () => {
    expect(windowProblem(undefined)).toBeUndefined();
    expect(windowProblem('15m')).toBeUndefined();
    expect(windowProblem('fifteen')).toMatch(/^Window/);
  });
});
