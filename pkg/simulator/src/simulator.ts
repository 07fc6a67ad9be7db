import type { CanonicalLabel } from '@perfscope/catalog';
import type { PerfscopeMetrics } from '@perfscope/metrics';
import type { Registry } from 'prom-client';
import { checkDialects, createDialectMix, type DialectId } from './dialects';
import { Random } from './random';
import type { CacheRecorder, Recorder, SimulatedArea, StreamRecorder } from './recorder';
import { SCENARIOS, type Profile, type ScenarioName, isScenario, unknownScenario } from './scenarios';
import { SteadyShare } from './share';

const ROUTES: ReadonlyArray<readonly [{ path: string; method: string; cost: number }, number]> = [
  [{ path: '/tracks/:id', method: 'GET', cost: 1 }, 30],
  [{ path: '/albums/:id', method: 'GET', cost: 1.2 }, 15],
  [{ path: '/playlists/:id', method: 'GET', cost: 1.5 }, 12],
  [{ path: '/search', method: 'GET', cost: 2 }, 15],
  [{ path: '/stream/:id', method: 'GET', cost: 0.8 }, 20],
  [{ path: '/login', method: 'POST', cost: 1.5 }, 5],
  [{ path: '/playlists', method: 'POST', cost: 1.3 }, 3],
];
const QUERIES: ReadonlyArray<readonly [readonly [string, string], number]> = [
  [['select', 'tracks'], 40],
  [['select', 'albums'], 20],
  [['select', 'playlists'], 15],
  [['insert', 'plays'], 15],
  [['update', 'users'], 5],
  [['select', 'users'], 5],
];
const QUALITIES: ReadonlyArray<readonly [readonly [string, string], number]> = [
  [['high', 'aac'], 40],
  [['medium', 'mp3'], 35],
  [['low', 'mp3'], 15],
  [['lossless', 'flac'], 10],
];
const STREAM_ERRORS: ReadonlyArray<readonly [string, number]> = [
  ['network', 50],
  ['decode', 20],
  ['not_found', 15],
  ['timeout', 15],
];
const PAGES: ReadonlyArray<readonly [string, number]> = [
  ['/', 40],
  ['/album', 25],
  ['/search', 20],
  ['/player', 15],
];
const CACHES = ['tracks', 'sessions', 'search'] as const;

export interface SimulatorOptions {
  seed?: number;
  /** Simulated seconds per real second (time compression for tests). */
  speed?: number;
  scenario?: ScenarioName;
  /** Metric-name prefix, e.g. `shop_` (kit dialect only). */
  prefix?: string;
  /** Label names to emit instead of Perfscope's, e.g. `{ status_code: 'status' }` (kit dialect only). */
  labelMap?: Partial<Record<CanonicalLabel, string>>;
  /**
   * The instrumentations whose metrics the traffic is emitted with (default `['kit']`). Each area
   * goes to the first listed dialect that can express it; areas none can express are not emitted.
   * The dialects never change the simulated events: the same seed gives the same traffic.
   */
  dialects?: readonly DialectId[];
  /** Simulated time at start (epoch ms), for the daily rhythm. Default: now. */
  startTime?: number;
  /** This service's traffic against the profile's, e.g. 0.5 for half (default 1). */
  traffic?: number;
  /** This service's HTTP and query durations against the profile's, e.g. 2 for twice as slow (default 1). */
  slowness?: number;
  /** The version the service runs at start, in `app_build_info` (default `1.0.0`). */
  version?: string;
}

/** The build a simulated service runs, and how much slower its requests are than before the first deploy. */
export interface SimulatedBuild {
  readonly version: string;
  /** A short commit hash, derived from the seed and the version: the same run gives the same commits. */
  readonly commit: string;
  /** Its HTTP durations against the profile's: 1 until a deploy slows them. */
  readonly slowdown: number;
}

/** What a deploy changes: a new version (default: the current one with its last number plus one), and its speed. */
export interface DeployOptions {
  version?: string;
  /** HTTP request durations (p95 and every other quantile) against the profile's, e.g. 1.3 (default 1). */
  slowdown?: number;
}

/** Label-value characters a version may have: semantic versions, dates, build metadata. */
const VERSION_RE = /^[0-9A-Za-z][0-9A-Za-z._+-]{0,63}$/;

/** `1.4.2` → `1.4.3`, `2026.05` → `2026.06`: the last number counts up; a version without one gets `.1`. */
export function nextVersion(version: string): string {
  const m = /^(.*?)(\d+)(\D*)$/.exec(version);
  return m ? `${m[1]}${String(Number(m[2]) + 1).padStart(m[2].length, '0')}${m[3]}` : `${version}.1`;
}

/** Twelve hex digits from a text (FNV-1a, twice): a stand-in commit hash that a seed repeats. */
function commitOf(text: string): string {
  const hash = (salt: number) => {
    let h = 0x811c9dc5 ^ salt;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  };
  return `${hash(0)}${hash(0x5bd1e995)}`.slice(0, 12);
}

function checkVersion(version: unknown): string {
  if (typeof version !== 'string' || !VERSION_RE.test(version)) {
    throw new Error(
      `A version must be 1 to 64 letters, digits, ".", "_", "+" or "-", starting with a letter or digit, e.g. 1.4.2 (got ${JSON.stringify(version)}).`
    );
  }
  return version;
}

interface OpenStream {
  endsAt: number;
  handle: StreamRecorder;
}

/**
 * An imaginary music-streaming service: routes, DB queries, caches, audio streams, uploads and
 * WebSockets with noise and a daily rhythm, recorded through @perfscope/metrics or, with
 * `dialects`, through other instrumentations' metrics.
 */
export class Simulator {
  readonly speed: number;
  readonly seed: number;
  readonly dialects: readonly DialectId[];
  /** Which dialect emits each area; an area absent here is not emitted. */
  readonly areas: Readonly<Partial<Record<SimulatedArea, DialectId>>>;
  /** Every emitted metric: the union of the dialects' registries. */
  readonly registry: Registry;
  private readonly recorder: Recorder;
  private readonly kit: PerfscopeMetrics | undefined;
  private readonly random: Random;
  /** Failures, misses and rejections at the profile's ratios, without the streaks of chance. */
  private readonly share = new SteadyShare();
  private profile: Profile;
  private scenarioName: ScenarioName;
  /** Simulated clock, seconds. */
  private clock: number;
  private streams: OpenStream[] = [];
  private readonly caches: Record<(typeof CACHES)[number], CacheRecorder>;
  private load: number;
  private readonly traffic: number;
  private readonly slowness: number;
  private current: SimulatedBuild;

  constructor(options: SimulatorOptions = {}) {
    const speed = options.speed ?? 1;
    if (!Number.isFinite(speed) || speed <= 0 || speed > 1000) {
      throw new Error(`Speed must be a number above 0 and at most 1000 (got ${options.speed}).`);
    }
    const seed = options.seed ?? 1;
    if (!Number.isInteger(seed) || seed < 0) {
      throw new Error(`Seed must be a whole number of at least 0 (got ${options.seed}).`);
    }
    const scenario = options.scenario ?? 'normal';
    if (!isScenario(scenario)) {
      throw new Error(unknownScenario(scenario));
    }
    const dialects = checkDialects(options.dialects ?? ['kit']);
    for (const [name, value] of [
      ['Traffic', options.traffic],
      ['Slowness', options.slowness],
    ] as const) {
      if (value !== undefined && !(Number.isFinite(value) && value > 0 && value <= 100)) {
        throw new Error(`${name} must be a number above 0 and at most 100 (got ${value}).`);
      }
    }
    this.traffic = options.traffic ?? 1;
    this.slowness = options.slowness ?? 1;
    const version = checkVersion(options.version ?? '1.0.0');
    const renames = [
      options.prefix ? 'prefix' : '',
      Object.keys(options.labelMap ?? {}).length > 0 ? 'labelMap' : '',
    ].filter(Boolean);
    if (renames.length > 0 && dialects.some((d) => d !== 'kit')) {
      throw new Error(
        `${renames.join(' and ')} ${renames.length > 1 ? 'apply' : 'applies'} to the kit dialect only: ${renames.length > 1 ? 'they' : 'it'} cannot be combined with other dialects (${dialects.filter((d) => d !== 'kit').join(', ')}).`
      );
    }
    this.dialects = dialects;
    this.speed = speed;
    this.seed = seed;
    this.random = new Random(seed);
    this.scenarioName = scenario;
    this.profile = SCENARIOS[scenario];
    this.clock = (options.startTime ?? Date.now()) / 1000;
    this.load = this.profile.load;
    const mix = createDialectMix(dialects, {
      load: () => this.load,
      kitOptions: { prefix: options.prefix, labelMap: options.labelMap },
    });
    this.recorder = mix.recorder;
    this.registry = mix.registry;
    this.kit = mix.kit;
    this.areas = mix.areas;
    this.caches = {
      tracks: this.recorder.cache('tracks'),
      sessions: this.recorder.cache('sessions'),
      search: this.recorder.cache('search'),
    };
    this.recorder.dbConnection('primary', true, 0);
    this.recorder.dbConnection('replica', true, 0);
    this.current = { version, commit: commitOf(`${seed}:${version}`), slowdown: 1 };
    this.recorder.buildInfo(version, this.current.commit);
  }

  /** The build running now. */
  get build(): SimulatedBuild {
    return this.current;
  }

  /**
   * Deploys a new build: `app_build_info` changes its version and commit (the deploy marker), and
   * HTTP requests take `slowdown` times the profile's durations until the next deploy. The simulated
   * events stay the same: only their durations scale. Throws naming what is wrong.
   */
  deploy(options: DeployOptions = {}): SimulatedBuild {
    const version = checkVersion(options.version ?? nextVersion(this.current.version));
    const slowdown = options.slowdown ?? 1;
    if (!(Number.isFinite(slowdown) && slowdown > 0 && slowdown <= 100)) {
      throw new Error(`Slowdown must be a number above 0 and at most 100, e.g. 1.3 (got ${options.slowdown}).`);
    }
    if (version === this.current.version) {
      throw new Error(`Version ${version} is running already: a deploy needs another version.`);
    }
    this.current = { version, commit: commitOf(`${this.seed}:${version}`), slowdown };
    this.recorder.buildInfo(version, this.current.commit);
    return this.current;
  }

  /** The kit dialect's metrics; throws when the kit is not among this simulator's dialects. */
  get metrics(): PerfscopeMetrics {
    if (!this.kit) {
      throw new Error(
        `The kit dialect is not among this simulator's dialects (${this.dialects.join(', ')}): read expose() or registry instead.`
      );
    }
    return this.kit;
  }

  /** The Prometheus exposition text of every dialect's metrics. */
  expose(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  get scenario(): ScenarioName {
    return this.scenarioName;
  }

  /** Switches scenario; throws with the valid names for an unknown one. */
  setScenario(name: unknown): void {
    if (!isScenario(name)) {
      throw new Error(unknownScenario(name));
    }
    this.scenarioName = name;
    this.profile = SCENARIOS[name];
  }

  /** Traffic multiplier over the day: quiet at night, busiest in the evening (0.6–1.4). */
  rhythm(): number {
    const hour = (((this.clock / 3600) % 24) + 24) % 24;
    return 1 + 0.4 * Math.sin(((hour - 13) / 24) * 2 * Math.PI);
  }

  /** Advances the simulation by `realSeconds` of wall time (speed × that in simulated time). */
  step(realSeconds: number): void {
    const dt = realSeconds * this.speed;
    this.clock += dt;
    const p = this.profile;
    const r = this.random;
    const busy = this.rhythm() * this.traffic;

    const requests = r.count(p.requestRate * busy * dt);
    for (let i = 0; i < requests; i++) {
      this.request(p);
    }

    for (let i = r.count(p.streamStartRate * busy * dt); i > 0; i--) {
      this.startStream(p);
    }
    this.endStreams(p);

    for (let i = r.count(p.uploadRate * busy * dt); i > 0; i--) {
      this.recorder.observeUpload(r.logNormal(p.uploadMedian, 0.5));
    }
    for (let i = r.count(p.websocketRate * busy * dt); i > 0; i--) {
      this.recorder.websocketConnection(this.share.draw(p.websocketErrorRatio, 'websocket') ? 'error' : 'success');
    }
    for (let i = r.count(5 * busy * dt); i > 0; i--) {
      const page = r.pick(PAGES);
      this.recorder.observeWebVital('lcp', page, r.logNormal(1.4, 0.35));
      this.recorder.observeWebVital('fcp', page, r.logNormal(0.9, 0.35));
      this.recorder.observeWebVital('ttfb', page, r.logNormal(0.25, 0.4));
      this.recorder.observeWebVital('inp', page, r.logNormal(0.09, 0.4));
      this.recorder.observeWebVital('cls', page, r.logNormal(0.03, 0.5));
    }
    for (const name of CACHES) {
      const cache = this.caches[name];
      cache.evicted(r.count((p.cacheHitRatio < 0.5 ? 5 : 0.5) * dt));
      cache.memory(Math.round(r.logNormal(name === 'tracks' ? 256e6 : 64e6, 0.05)));
    }
    this.recorder.dbConnection('primary', p.dbUp, p.dbUp ? r.count(8 * busy) : 0);
    this.recorder.dbConnection('replica', true, r.count(4 * busy));
    // Load follows the profile with some inertia and noise.
    this.load += (p.load * (0.8 + 0.2 * busy) - this.load) * Math.min(1, dt / 5) + r.normal() * 0.05;
    this.load = Math.max(0, this.load);
  }

  private request(p: Profile): void {
    const r = this.random;
    const route = r.pick(ROUTES);
    if (this.share.draw(p.rateLimitedRatio, `rate-limited ${route.path}`)) {
      this.recorder.rateLimited(route.path);
      this.recorder.recordRequest(route.method, route.path, 429, r.logNormal(0.002, 0.3));
      return;
    }
    for (let q = 1 + (r.chance(0.5) ? 1 : 0); q > 0; q--) {
      const [operation, table] = r.pick(QUERIES);
      const failed = !p.dbUp && r.chance(0.9);
      this.recorder.observeQuery(
        operation,
        table,
        failed ? r.logNormal(0.005, 0.3) : r.logNormal(p.dbMedian * this.slowness, p.dbSigma),
        failed
      );
    }
    for (let c = 0; c < 2; c++) {
      const name = CACHES[Math.floor(r.next() * CACHES.length)];
      const cache = this.caches[name];
      if (!this.share.draw(1 - p.cacheHitRatio, `cache miss ${name}`)) {
        cache.hit();
      } else {
        cache.miss();
      }
    }
    const failed = this.share.draw(p.errorRatio, `error ${route.path}`);
    const status = failed
      ? r.pick<number>([
          [500, 6],
          [502, 2],
          [503, 2],
        ])
      : 200;
    this.recorder.recordRequest(
      route.method,
      route.path,
      status,
      r.logNormal(p.latencyMedian * route.cost * this.slowness * this.current.slowdown, p.latencySigma)
    );
  }

  private startStream(p: Profile): void {
    const r = this.random;
    const [quality, format] = r.pick(QUALITIES);
    const handle = this.recorder.startStream(quality, format);
    handle.bandwidth(r.logNormal(quality === 'lossless' ? 120_000 : 32_000, 0.2));
    if (this.share.draw(p.streamErrorRatio, 'stream')) {
      // Most stream failures happen while starting: decoding, lookup, first bytes.
      handle.error(r.pick(STREAM_ERRORS));
      return;
    }
    this.streams.push({ endsAt: this.clock + r.logNormal(60, 0.5), handle });
  }

  private endStreams(p: Profile): void {
    const r = this.random;
    const still: OpenStream[] = [];
    for (const s of this.streams) {
      if (s.endsAt > this.clock) {
        still.push(s);
        continue;
      }
      s.handle.bufferRatio(Math.min(100, r.logNormal(p.bufferMedian, 0.5)));
      if (r.chance(0.1)) {
        s.handle.abort();
      } else {
        s.handle.complete();
      }
    }
    this.streams = still;
  }

  /** Streams playing now. */
  get activeStreams(): number {
    return this.streams.length;
  }
}
