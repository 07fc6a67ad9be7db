import type { DataFrame } from '@grafana/data';
import {
  AREAS,
  type PerfscopeSettings,
  SIGNALS,
  type SectionId,
  type SignalDef,
  type Status,
  effectiveThresholds,
  evaluate,
} from '@perfscope/catalog';
import { formatValue } from '../../components/format';
import { lastNumber, numberField } from '../../components/frames';
import type { FiringAlert } from './firingAlerts';

/** What an area card shows: the section's worst signal now, and its firing alerts. */
export interface SectionState {
  /** The worst status of the section's signals with thresholds (no data counts worse than OK). */
  status: Status;
  /** The signal that sets the status, and its value as people write it ("7.2 %", "No data"). */
  worst?: { title: string; text: string };
  /** Signals of the section that have no data. */
  noData: number;
  /** Perfscope alerts firing (or unable to evaluate) in the section's areas. */
  firing: number;
  critical: number;
}

const RANK: Readonly<Record<Status, number>> = { ok: 0, 'no-data': 1, warning: 2, critical: 3 };

/** The signals an area card judges: every signal with thresholds except the health score (it has its own panel). */
export const SECTION_SIGNALS: readonly SignalDef[] = (SIGNALS as readonly SignalDef[]).filter(
  (s) => s.thresholds && s.area !== 'health'
);

/** The last number of the frame answering a signal's query (refId = signal id); undefined without one. */
function latest(frames: readonly DataFrame[], signalId: string): number | undefined {
  let value: number | undefined;
  for (const frame of frames.filter((f) => f.refId === signalId)) {
    const v = lastNumber(numberField(frame));
    // The worst series of the signal's frames decides, like the health panel.
    if (v !== undefined) {
      value = value === undefined ? v : Math.max(value, v);
    }
  }
  return value;
}

/**
 * The state of each section from the latest values of its signals (against the admin's thresholds)
 * and Perfscope's firing alerts, whose `area` label names the area.
 */
export function sectionStates(
  frames: readonly DataFrame[],
  settings: PerfscopeSettings | undefined,
  alerts: readonly FiringAlert[] = []
): Map<SectionId, SectionState> {
  const states = new Map<SectionId, SectionState>();
  const stateOf = (section: SectionId) => {
    let state = states.get(section);
    if (!state) {
      state = { status: 'ok', noData: 0, firing: 0, critical: 0 };
      states.set(section, state);
    }
    return state;
  };
  const sectionOfArea = new Map(AREAS.map((a) => [a.id as string, a.section]));
  for (const signal of SECTION_SIGNALS) {
    const state = stateOf(sectionOfArea.get(signal.area)!);
    const value = latest(frames, signal.id);
    const status = evaluate(signal, value, effectiveThresholds(signal, settings));
    if (status === 'no-data') {
      state.noData++;
    }
    if (!state.worst || RANK[status] > RANK[state.status]) {
      state.status = status;
      state.worst = { title: signal.title, text: formatValue(signal.unit, value) };
    }
  }
  for (const alert of alerts) {
    const section = sectionOfArea.get(alert.area);
    if (section) {
      const state = stateOf(section);
      state.firing++;
      state.critical += alert.severity === 'critical' ? 1 : 0;
    }
  }
  return states;
}
