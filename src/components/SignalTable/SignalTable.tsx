import React, { useMemo } from 'react';
import { InteractiveTable, type Column } from '@grafana/ui';
import { type SignalRow, signalRows } from './SignalTable.utils';

const COLUMNS: Array<Column<SignalRow>> = [
  { id: 'area', header: 'Area' },
  { id: 'title', header: 'Signal' },
  { id: 'warning', header: 'Warning' },
  { id: 'critical', header: 'Critical' },
  { id: 'for', header: 'For' },
];

/** The catalog's alerting signals with their default thresholds. */
export function SignalTable() {
  const rows = useMemo(() => signalRows(), []);
  return <InteractiveTable columns={COLUMNS} data={rows} getRowId={(r) => r.id} />;
}
