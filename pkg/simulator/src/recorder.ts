import type { WebVital } from '@perfscope/metrics';

/**
 * What the simulator records, area by area: the part of `PerfscopeMetrics` it calls. A dialect
 * implements it with another instrumentation's metrics; the simulator's random draws never depend
 * on which recorder hears them.
 */
export interface Recorder {
  /** One finished request; `route` is the template (`/tracks/:id`), `seconds` its duration. */
  recordRequest(method: string, route: string, statusCode: number, seconds: number): void;
  /** A request rejected by rate limiting (it is also recorded as a 429). */
  rateLimited(route: string): void;
  observeQuery(operation: string, table: string, seconds: number, failed: boolean): void;
  /** A connection's reachability and its connections in use. */
  dbConnection(connection: string, up: boolean, active?: number): void;
  cache(name: string): CacheRecorder;
  startStream(quality: string, format: string): StreamRecorder;
  observeUpload(seconds: number): void;
  websocketConnection(result: 'success' | 'error'): void;
  observeWebVital(vital: WebVital, page: string, value: number): void;
  /** The build the service runs now (at start and after each deploy). */
  buildInfo(version: string, commit: string): void;
}

export interface CacheRecorder {
  hit(): void;
  miss(): void;
  evicted(count?: number): void;
  memory(bytes: number): void;
}

export interface StreamRecorder {
  complete(): void;
  error(errorType: string): void;
  abort(): void;
  bufferRatio(percent: number): void;
  bandwidth(bytesPerSecond: number): void;
}

/** The simulated areas, as the catalog names them. */
export const SIMULATED_AREAS = [
  'http',
  'ratelimit',
  'database',
  'cache',
  'audio',
  'uploads',
  'websocket',
  'webvitals',
  'system',
] as const;
export type SimulatedArea = (typeof SIMULATED_AREAS)[number];

const NO_CACHE: CacheRecorder = { hit() {}, miss() {}, evicted() {}, memory() {} };
const NO_STREAM: StreamRecorder = { complete() {}, error() {}, abort() {}, bufferRatio() {}, bandwidth() {} };

/** Hears everything and records nothing: the base of dialects, which override what they express. */
export class SilentRecorder implements Recorder {
  recordRequest(_method: string, _route: string, _statusCode: number, _seconds: number): void {}
  rateLimited(_route: string): void {}
  observeQuery(_operation: string, _table: string, _seconds: number, _failed: boolean): void {}
  dbConnection(_connection: string, _up: boolean, _active?: number): void {}
  cache(_name: string): CacheRecorder {
    return NO_CACHE;
  }
  startStream(_quality: string, _format: string): StreamRecorder {
    return NO_STREAM;
  }
  observeUpload(_seconds: number): void {}
  websocketConnection(_result: 'success' | 'error'): void {}
  observeWebVital(_vital: WebVital, _page: string, _value: number): void {}
  buildInfo(_version: string, _commit: string): void {}
}

/** Sends each call to the recorder of its area; areas without one are dropped. */
export class AreaRouter implements Recorder {
  private readonly silent = new SilentRecorder();

  constructor(private readonly byArea: Readonly<Partial<Record<SimulatedArea, Recorder>>>) {}

  private to(area: SimulatedArea): Recorder {
    return this.byArea[area] ?? this.silent;
  }

  recordRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.to('http').recordRequest(method, route, statusCode, seconds);
  }
  rateLimited(route: string): void {
    this.to('ratelimit').rateLimited(route);
  }
  observeQuery(operation: string, table: string, seconds: number, failed: boolean): void {
    this.to('database').observeQuery(operation, table, seconds, failed);
  }
  dbConnection(connection: string, up: boolean, active?: number): void {
    this.to('database').dbConnection(connection, up, active);
  }
  cache(name: string): CacheRecorder {
    return this.to('cache').cache(name);
  }
  startStream(quality: string, format: string): StreamRecorder {
    return this.to('audio').startStream(quality, format);
  }
  observeUpload(seconds: number): void {
    this.to('uploads').observeUpload(seconds);
  }
  websocketConnection(result: 'success' | 'error'): void {
    this.to('websocket').websocketConnection(result);
  }
  observeWebVital(vital: WebVital, page: string, value: number): void {
    this.to('webvitals').observeWebVital(vital, page, value);
  }
  /** The catalog keeps the build (app_build_info) with the service's requests. */
  buildInfo(version: string, commit: string): void {
    this.to('http').buildInfo(version, commit);
  }
}
