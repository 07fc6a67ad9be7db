import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { FieldType, toDataFrame, type StandardEditorContext } from '@grafana/data';
import { ComponentsEditor } from './ComponentsEditor';
import { MappingEditor } from './MappingEditor';
import { parseNumber } from './parseNumber';
import { type Options, defaultOptions } from '../types';

const context = (options: Partial<Options>, data = [] as StandardEditorContext<Options>['data']) =>
  ({ options: { ...defaultOptions, ...options }, data }) as StandardEditorContext<Options>;

describe('ComponentsEditor', () => {
  it('turns a component off', () => {
    const onChange = jest.fn();
    render(
      <ComponentsEditor
        value={defaultOptions.components}
        onChange={onChange}
        context={context({})}
        item={{} as never}
        id="components"
      />
    );
    expect(screen.getByText(/come from the app settings/)).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('Score HTTP error rate'));
    expect(onChange.mock.calls[0][0][0]).toEqual({ id: 'http_error_rate', enabled: false });
  });

  it('edits weights and thresholds with the panel as the source, showing the defaults as placeholders', () => {
    const onChange = jest.fn();
    const value = [{ id: 'http_error_rate', enabled: true }];
    render(
      <ComponentsEditor
        value={value}
        onChange={onChange}
        context={context({ thresholdsSource: 'auto' })}
        item={{} as never}
        id="components"
      />
    );
    const weight = screen.getByPlaceholderText('3');
    fireEvent.change(weight, { target: { value: '5' } });
    fireEvent.blur(weight);
    expect(onChange).toHaveBeenLastCalledWith([{ id: 'http_error_rate', enabled: true, weight: 5 }]);
    const critical = screen.getByPlaceholderText('0.1');
    fireEvent.change(critical, { target: { value: '0.2' } });
    fireEvent.blur(critical);
    expect(onChange).toHaveBeenLastCalledWith([{ id: 'http_error_rate', enabled: true, critical: 0.2 }]);
  });
});

describe('MappingEditor', () => {
  it('adds and removes a mapping rule', () => {
    const onChange = jest.fn();
    const data = [toDataFrame({ refId: 'A', fields: [{ name: 'errors', type: FieldType.number, values: [1] }] })];
    const { rerender } = render(
      <MappingEditor value={[]} onChange={onChange} context={context({}, data)} item={{} as never} id="mappings" />
    );
    fireEvent.click(screen.getByRole('button', { name: /Map a series/ }));
    expect(onChange).toHaveBeenLastCalledWith([{ source: '', component: '' }]);
    rerender(
      <MappingEditor
        value={[{ source: 'A', component: 'http_error_rate' }]}
        onChange={onChange}
        context={context({}, data)}
        item={{} as never}
        id="mappings"
      />
    );
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }));
    expect(onChange).toHaveBeenLastCalledWith([]);
  });
});

describe('parseNumber', () => {
  it('keeps empty as unset and anything else as typed, NaN included, for the panel to explain', () => {
    expect(parseNumber(' ')).toBeUndefined();
    expect(parseNumber('2.5')).toBe(2.5);
    expect(parseNumber('abc')).toBeNaN();
  });
});
