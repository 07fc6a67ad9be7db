import { useMemo } from 'react';
import { LoadingState, type PanelData } from '@grafana/data';
import type { PerfscopeSettings } from '@perfscope/catalog';
import { useLiveData } from '../Overview/useLiveData';
import { RECORDED_PROBE, type ServiceRow, recordedSignals, serviceQueries, serviceRows } from './servicesTable';

const PROBE = [RECORDED_PROBE];

export interface ServiceRowsState {
  rows: ServiceRow[];
  data: PanelData;
  /** The fleet signals read from recording rules (the others are computed from raw series). */
  recorded?: ReadonlySet<string>;
}

/**
 * Every service's row, live over the last `seconds`: first asks which fleet signals Prometheus
 * records, then reads those recorded (O(services)) and computes the rest per service.
 */
export function useServiceRows(
  datasourceUid: string | undefined,
  settings: PerfscopeSettings | undefined,
  seconds: number
): ServiceRowsState {
  const probe = useLiveData(datasourceUid, PROBE, 60);
  // A failed probe reads everything raw: slower on a large fleet, never wrong.
  const probed = probe.state === LoadingState.Done || probe.state === LoadingState.Error;
  const recorded = useMemo(() => (probed ? recordedSignals(probe.series) : undefined), [probed, probe.series]);
  const queries = useMemo(() => (recorded ? serviceQueries(settings, recorded) : []), [settings, recorded]);
  const data = useLiveData(recorded ? datasourceUid : undefined, queries, seconds);
  const rows = useMemo(() => serviceRows(data.series, settings), [data.series, settings]);
  return { rows, data, recorded };
}
