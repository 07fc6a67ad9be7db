import { type ScenarioName } from './scenarios';
import { type DeployOptions, type SimulatedBuild, Simulator, type SimulatorOptions } from './simulator';

/** Names of the first services of a fleet; more are numbered (`service-21`, …). */
export const SERVICE_NAMES = [
  'checkout',
  'catalog',
  'search',
  'player',
  'playlists',
  'accounts',
  'payments',
  'recommendations',
  'uploads',
  'notifications',
  'lyrics',
  'artists',
  'albums',
  'podcasts',
  'radio',
  'social',
  'billing',
  'ads',
  'analytics',
  'gateway',
] as const;

export const MAX_SERVICES = 1000;

/** The name of the i-th service (0-based) of a fleet. */
export const serviceName = (i: number) => SERVICE_NAMES[i] ?? `service-${String(i + 1).padStart(2, '0')}`;

/**
 * Each service's profile against the scenario's: traffic from a quarter to twice as much, durations
 * up to half as long again, so services differ while all stay healthy under `normal`.
 */
export const serviceProfile = (i: number) => ({ traffic: 0.25 * 2 ** (i % 4), slowness: 1 + 0.25 * (i % 3) });

/**
 * Many services, each its own simulation (its own seed, traffic and speed of responses), exposed on
 * one endpoint with each series labelled `job="<service>"`. Prometheus keeps those labels when the
 * scrape has `honor_labels: true` (what federation and the Pushgateway use), so each service is its
 * own job. A scenario applies to one service or to all.
 */
export class Fleet {
  readonly services: ReadonlyArray<{ name: string; sim: Simulator }>;
  readonly speed: number;
  readonly seed: number;

  constructor(count: number, options: SimulatorOptions = {}) {
    if (!Number.isInteger(count) || count < 1 || count > MAX_SERVICES) {
      throw new Error(`The number of services must be a whole number from 1 to ${MAX_SERVICES} (got ${count}).`);
    }
    const seed = options.seed ?? 1;
    this.services = Array.from({ length: count }, (_, i) => {
      const name = serviceName(i);
      const sim = new Simulator({ ...options, seed: seed + i, ...serviceProfile(i) });
      sim.registry.setDefaultLabels({ job: name });
      return { name, sim };
    });
    this.speed = this.services[0].sim.speed;
    this.seed = seed;
  }

  get contentType(): string {
    return this.services[0].sim.contentType;
  }

  /** Each service's scenario. */
  scenarios(): Record<string, ScenarioName> {
    return Object.fromEntries(this.services.map(({ name, sim }) => [name, sim.scenario]));
  }

  /** Switches the scenario of one service (by name), or of every service; throws naming what is wrong. */
  setScenario(name: unknown, service?: string): void {
    if (service === undefined) {
      this.services.forEach(({ sim }) => sim.setScenario(name));
      return;
    }
    this.service(service).setScenario(name);
  }

  /** Each service's build. */
  builds(): Record<string, SimulatedBuild> {
    return Object.fromEntries(this.services.map(({ name, sim }) => [name, sim.build]));
  }

  /**
   * Deploys one service (by name), or every service, each from its own version when none is given;
   * throws naming what is wrong before any service changes.
   */
  deploy(options: DeployOptions = {}, service?: string): void {
    const targets = service === undefined ? this.services.map((s) => s.sim) : [this.service(service)];
    if (options.version !== undefined && targets.some((sim) => sim.build.version === options.version)) {
      throw new Error(`Version ${options.version} is running already: a deploy needs another version.`);
    }
    targets.forEach((sim) => sim.deploy(options));
  }

  private service(name: string): Simulator {
    const target = this.services.find((s) => s.name === name);
    if (!target) {
      const names = this.services.slice(0, 5).map((s) => s.name);
      throw new Error(
        `No service "${name}" in this fleet of ${this.services.length}: use one of ${names.join(', ')}${this.services.length > 5 ? ', …' : ''} (GET /scenario lists them).`
      );
    }
    return target.sim;
  }

  step(realSeconds: number): void {
    for (const { sim } of this.services) {
      sim.step(realSeconds);
    }
  }

  /** One exposition of every service: each metric family once, with every service's samples. */
  async expose(): Promise<string> {
    return mergeExpositions(await Promise.all(this.services.map(({ sim }) => sim.expose())));
  }
}

/**
 * Merges Prometheus text expositions whose families repeat (the same metrics of several services):
 * each family's HELP and TYPE once, then the samples of every exposition in order.
 */
export function mergeExpositions(texts: readonly string[]): string {
  const families = new Map<string, { head: string[]; samples: string[] }>();
  for (const text of texts) {
    let current: { head: string[]; samples: string[] } | undefined;
    for (const line of text.split('\n')) {
      if (line === '') {
        continue;
      }
      const meta = /^# (HELP|TYPE) (\S+)/.exec(line);
      if (meta) {
        const name = meta[2];
        current = families.get(name);
        if (!current) {
          current = { head: [], samples: [] };
          families.set(name, current);
        }
        if (!current.head.some((h) => h.startsWith(`# ${meta[1]} `))) {
          current.head.push(line);
        }
        continue;
      }
      if (!current) {
        throw new Error(`A sample comes before any # HELP or # TYPE line: ${line}`);
      }
      current.samples.push(line);
    }
  }
  return `${[...families.values()].map((f) => [...f.head, ...f.samples].join('\n')).join('\n\n')}\n`;
}
