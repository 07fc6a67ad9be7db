/**
 * What the generator needs from a catalog entry, checked before anything is written: a unit, a
 * PromQL builder that yields an expression, and thresholds where a panel or an alert draws them.
 * Every refusal names the entry and says where to fix it.
 */
import { type SignalDef, buildPromQL } from '@perfscope/catalog';

const WHERE = 'pkg/catalog/src/signals.ts';

export interface SignalNeeds {
  /** The signal is drawn with its warning/critical lines, or alerted on. */
  thresholds?: boolean;
}

/** Throws an Error naming the signal when it lacks what the generator needs. */
export function checkSignal(signal: SignalDef, needs: SignalNeeds = {}): SignalDef {
  const name = `Catalog signal "${signal.id}"${signal.title ? ` (${signal.title})` : ''}`;
  if (typeof signal.unit !== 'string' || signal.unit.trim() === '') {
    throw new Error(`${name} has no unit: set \`unit\` to a Grafana unit id (e.g. "s", "percentunit") in ${WHERE}.`);
  }
  if (typeof signal.promql !== 'function') {
    throw new Error(`${name} has no PromQL: give it a \`promql\` builder in ${WHERE}.`);
  }
  let expr: string;
  try {
    expr = buildPromQL(signal);
  } catch (e) {
    throw new Error(`${name}: its PromQL builder failed: ${(e as Error).message}`);
  }
  if (typeof expr !== 'string' || expr.trim() === '') {
    throw new Error(`${name} has no PromQL: its \`promql\` builder returned an empty expression (${WHERE}).`);
  }
  if (needs.thresholds) {
    const t = signal.thresholds;
    if (!t || (t.warning === undefined && t.critical === undefined)) {
      throw new Error(
        `${name} has no thresholds, but a dashboard draws or an alert watches them: give it \`thresholds\` with a warning or critical level in ${WHERE}.`
      );
    }
    if (t.direction !== 'above' && t.direction !== 'below') {
      throw new Error(`${name} has thresholds without a direction ("above" or "below") in ${WHERE}.`);
    }
    if (typeof t.for !== 'string' || t.for === '') {
      throw new Error(`${name} has thresholds without \`for\` (e.g. "5m") in ${WHERE}.`);
    }
  }
  return signal;
}
