import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { QueryEditor } from './QueryEditor';
import type { DataSource } from './datasource';
import type { Query } from './types';

const renderEditor = (query: Query) => {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<QueryEditor query={query} onChange={onChange} onRunQuery={onRunQuery} datasource={{} as DataSource} />);
  return { onChange, onRunQuery };
};

describe('QueryEditor', () => {
  it('turns streaming on and runs the query', () => {
    const { onChange, onRunQuery } = renderEditor({ refId: 'A', mode: 'signal', signal: 'http_request_rate' });
    const [, stream] = screen.getAllByRole('switch');
    fireEvent.click(stream);
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ stream: true }));
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('shows the poll interval while streaming and flags one under a second', () => {
    renderEditor({ refId: 'A', mode: 'signal', signal: 'db_up', stream: true, pollSeconds: 0 });
    expect(screen.getByText('Poll every 1 second or more.')).toBeInTheDocument();
  });

  it('switching to instant turns streaming off', () => {
    const { onChange } = renderEditor({ refId: 'A', mode: 'signal', signal: 'db_up', stream: true });
    const [instant] = screen.getAllByRole('switch');
    fireEvent.click(instant);
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ instant: true, stream: false }));
  });
});
