import React, { useEffect, useMemo, useRef } from 'react';
import {
  CodeEditor,
  CodeEditorSuggestionItemKind,
  type CodeEditorSuggestionItem,
  FieldValidationMessage,
  type Monaco,
  type MonacoEditor,
} from '@grafana/ui';
import { METRICS, checkPromQL } from '@perfscope/catalog';
import { testIds } from '../components/testIds';

const FUNCTIONS = [
  'rate',
  'irate',
  'increase',
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'histogram_quantile',
  'avg_over_time',
  'max_over_time',
  'min_over_time',
  'quantile_over_time',
  'topk',
  'bottomk',
  'clamp_min',
  'clamp_max',
  'absent',
  'vector',
];

/** Catalog metrics (histograms with their _bucket/_sum/_count series) and common functions. */
function suggestions(): CodeEditorSuggestionItem[] {
  return [
    ...METRICS.flatMap((m) =>
      (m.type === 'histogram' ? ['_bucket', '_sum', '_count'] : ['']).map((suffix) => ({
        label: `${m.name}${suffix}`,
        kind: CodeEditorSuggestionItemKind.Field,
        detail: m.help,
      }))
    ),
    ...FUNCTIONS.map((label) => ({ label, kind: CodeEditorSuggestionItemKind.Method })),
  ];
}

interface Props {
  value: string;
  onChange: (expr: string) => void;
  onRunQuery: () => void;
}

const MARKER_OWNER = 'perfscope-promql';

/**
 * Raw PromQL in Grafana's code editor: completion of the catalog's metric names, and syntax errors
 * marked in the text and spelled out below it (checked with Prometheus's own lezer grammar).
 */
export function PromQLField({ value, onChange, onRunQuery }: Props) {
  const problem = useMemo(() => (value.trim() ? checkPromQL(value) : undefined), [value]);
  const editor = useRef<{ editor: MonacoEditor; monaco: Monaco }>(undefined);

  useEffect(() => {
    const current = editor.current;
    const model = current?.editor.getModel();
    if (!current || !model) {
      return;
    }
    const markers = problem
      ? [
          {
            message: problem.message,
            severity: current.monaco.MarkerSeverity.Error,
            ...range(model.getPositionAt(problem.from), model.getPositionAt(Math.max(problem.to, problem.from + 1))),
          },
        ]
      : [];
    current.monaco.editor.setModelMarkers(model, MARKER_OWNER, markers);
  }, [problem]);

  const commit = (text: string) => {
    onChange(text);
    onRunQuery();
  };

  return (
    <div data-testid={testIds.queryEditor.promql}>
      <CodeEditor
        value={value}
        language="promql"
        height={80}
        showMiniMap={false}
        showLineNumbers={false}
        getSuggestions={suggestions}
        onChange={onChange}
        onBlur={commit}
        onSave={commit}
        onEditorDidMount={(e, monaco) => {
          editor.current = { editor: e, monaco };
          e.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => commit(e.getValue()));
        }}
      />
      {problem && <FieldValidationMessage>{problem.message}</FieldValidationMessage>}
    </div>
  );
}

function range(start: { lineNumber: number; column: number }, end: { lineNumber: number; column: number }) {
  return {
    startLineNumber: start.lineNumber,
    startColumn: start.column,
    endLineNumber: end.lineNumber,
    endColumn: end.column,
  };
}
