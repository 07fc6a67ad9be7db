/**
 * What the VictoriaMetrics suites share: real Prometheus scraping a seeded fleet of services and
 * remote-writing every sample to VictoriaMetrics, so both hold the same samples, and what the two
 * query engines may differ by on them.
 */
import { SERVICE_NAMES } from '@perfscope/simulator';
import { PrometheusRig } from '../rig/prometheus';
import { VictoriaMetrics } from '../rig/victoriametrics';

export const SERVICES = 5;
export const FLEET = 'fleet';
/** The fleet's services, each its own job. */
export const SERVICE_JOBS: readonly string[] = SERVICE_NAMES.slice(0, SERVICES);
/** The rate() window the engines are compared at. */
export const WINDOW = '20s';
/**
 * What the engines may differ by on the same samples. Gauges, quantiles and averages: float noise.
 * Rates over WINDOW: PromQL's rate() extrapolates to the window's edges, MetricsQL's does not. Ratios
 * of rates of rare events (a few errors a window) differ most and are recorded, not held to a bound.
 */
export const SAME = 0.01;
export const RATE = 0.12;
export type Kind = 'same' | 'rate' | 'ratio';
export const kind = (expr: string): Kind =>
  !/\b(rate|increase)\(/.test(expr) ? 'same' : / \/ /.test(expr) ? 'ratio' : 'rate';
export const BOUND: Readonly<Record<Kind, number>> = { same: SAME, rate: RATE, ratio: Infinity };
export const relative = (a: number, b: number) =>
  Object.is(a, b) ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-9);

export interface Fleet {
  vm: VictoriaMetrics;
  rig: PrometheusRig;
}

/**
 * Starts VictoriaMetrics, then Prometheus scraping the fleet (seed 11, five times real speed) and
 * remote-writing to it; resolves once Prometheus holds 25 scrapes of the fleet.
 */
export async function startFleet(log: (line: string) => void = () => {}): Promise<Fleet> {
  const vm = await VictoriaMetrics.start();
  let rig: PrometheusRig | undefined;
  try {
    rig = await PrometheusRig.start(
      {
        simulators: [
          { job: FLEET, args: ['--services', String(SERVICES), '--speed', '5', '--seed', '11'], honorLabels: true },
        ],
        remoteWrite: [vm.writeUrl],
      },
      log
    );
    await rig.waitForScrapes(FLEET, 25);
    return { vm, rig };
  } catch (e) {
    await stopFleet({ vm, rig });
    throw e;
  }
}

export async function stopFleet(fleet: Partial<Fleet>): Promise<void> {
  await fleet.rig?.stop();
  await fleet.vm?.stop();
}
