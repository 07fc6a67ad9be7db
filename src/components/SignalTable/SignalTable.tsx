import React, { useMemo } from 'react';
import { InteractiveTable, type Column } from '@grafana/ui';
import { type Area, type PerfscopeSettings, SIGNALS, type SignalDef, withSettings } from '@perfscope/catalog';
import { type SignalRow, signalRows } from './SignalTable.utils';

const COLUMNS: Array<Column<SignalRow>> = [
  { id: 'area', header: 'Area' },
  { id: 'title', header: 'Signal' },
  { id: 'warning', header: 'Warning' },
  { id: 'critical', header: 'Critical' },
  { id: 'for', header: 'For' },
];

interface Props {
  /** Only this area's signals. */
  area?: Area;
  /** The admin's thresholds (defaults without). */
  settings?: PerfscopeSettings;
}

/** The catalog's alerting signals with their thresholds: the defaults, or the admin's when given. */
export function SignalTable({ area, settings }: Props) {
  const rows = useMemo(
    () =>
      signalRows(
        (SIGNALS as readonly SignalDef[]).filter((s) => !area || s.area === area).map((s) => withSettings(s, settings))
      ),
    [area, settings]
  );
  return <InteractiveTable columns={COLUMNS} data={rows} getRowId={(r) => r.id} />;
}
