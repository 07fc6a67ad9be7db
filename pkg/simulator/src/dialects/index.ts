import { PRESET_IDS, type PresetId } from '@perfscope/catalog';
import type { PerfscopeMetrics } from '@perfscope/metrics';
import { Registry } from 'prom-client';
import { AreaRouter, type Recorder, SIMULATED_AREAS, type SimulatedArea } from '../recorder';
import { INGRESS_NGINX_AREAS, IngressNginxDialect } from './ingress-nginx';
import { createKit, KIT_AREAS } from './kit';
import { MICROMETER_AREAS, MicrometerDialect } from './micrometer';
import { MYSQLD_EXPORTER_AREAS, MysqldExporterDialect } from './mysqld-exporter';
import { NODE_EXPORTER_AREAS, NodeExporterDialect } from './node-exporter';
import { OTEL_AREAS, OtelDialect } from './otel';
import { OTEL_LEGACY_AREAS, OtelLegacyDialect } from './otel-legacy';
import { POSTGRES_EXPORTER_AREAS, PostgresExporterDialect } from './postgres-exporter';
import { PROM_CLIENT_AREAS, PromClientDialect } from './prom-client';
import { PROMETHEUS_NET_AREAS, PrometheusNetDialect } from './prometheus-net';
import { PROMHTTP_AREAS, PromhttpDialect } from './promhttp';
import { REDIS_EXPORTER_AREAS, RedisExporterDialect } from './redis-exporter';
import type { DialectContext, DialectRecorder } from './shared';

interface DialectDef {
  /** The simulated areas this instrumentation can express. */
  readonly areas: readonly SimulatedArea[];
  readonly create: (ctx: DialectContext) => DialectRecorder;
}

const DIALECTS = {
  kit: { areas: KIT_AREAS, create: createKit },
  otel: { areas: OTEL_AREAS, create: (ctx) => new OtelDialect(ctx) },
  'otel-legacy': { areas: OTEL_LEGACY_AREAS, create: (ctx) => new OtelLegacyDialect(ctx) },
  'prom-client': { areas: PROM_CLIENT_AREAS, create: (ctx) => new PromClientDialect(ctx) },
  micrometer: { areas: MICROMETER_AREAS, create: (ctx) => new MicrometerDialect(ctx) },
  promhttp: { areas: PROMHTTP_AREAS, create: (ctx) => new PromhttpDialect(ctx) },
  'prometheus-net': { areas: PROMETHEUS_NET_AREAS, create: (ctx) => new PrometheusNetDialect(ctx) },
  'ingress-nginx': { areas: INGRESS_NGINX_AREAS, create: (ctx) => new IngressNginxDialect(ctx) },
  'redis-exporter': { areas: REDIS_EXPORTER_AREAS, create: (ctx) => new RedisExporterDialect(ctx) },
  'mysqld-exporter': { areas: MYSQLD_EXPORTER_AREAS, create: (ctx) => new MysqldExporterDialect(ctx) },
  'postgres-exporter': { areas: POSTGRES_EXPORTER_AREAS, create: (ctx) => new PostgresExporterDialect(ctx) },
  'node-exporter': { areas: NODE_EXPORTER_AREAS, create: (ctx) => new NodeExporterDialect(ctx) },
} satisfies Record<PresetId, DialectDef>;

/** A dialect for each of the catalog's naming presets, by the same id: the instrumentation it imitates. */
export type DialectId = PresetId;
/** Every dialect, `kit` (Perfscope's own instrumentation, the default) first. */
export const DIALECT_IDS: readonly DialectId[] = PRESET_IDS;
/** The simulated areas each dialect can express. */
export const DIALECT_AREAS: Readonly<Record<DialectId, readonly SimulatedArea[]>> = Object.fromEntries(
  DIALECT_IDS.map((id) => [id, DIALECTS[id].areas])
) as Record<DialectId, readonly SimulatedArea[]>;

export function isDialect(name: unknown): name is DialectId {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(DIALECTS, name);
}

/** The message for an unknown dialect name, listing the valid ones. */
export function unknownDialect(name: unknown): string {
  return `Unknown dialect ${JSON.stringify(name)}. Valid dialects: ${DIALECT_IDS.join(', ')}.`;
}

/** Checks a list of dialect names: known, at least one, none twice. */
export function checkDialects(names: readonly unknown[]): DialectId[] {
  if (names.length === 0) {
    throw new Error(`Name at least one dialect. Valid dialects: ${DIALECT_IDS.join(', ')}.`);
  }
  const seen = new Set<DialectId>();
  for (const name of names) {
    if (!isDialect(name)) {
      throw new Error(unknownDialect(name));
    }
    if (seen.has(name)) {
      throw new Error(`Dialect "${name}" is listed twice.`);
    }
    seen.add(name);
  }
  return [...seen];
}

/**
 * Which dialect emits each area: the first listed that can express it. Areas no listed dialect
 * expresses are absent.
 */
export function assignAreas(dialects: readonly DialectId[]): Partial<Record<SimulatedArea, DialectId>> {
  const out: Partial<Record<SimulatedArea, DialectId>> = {};
  for (const area of SIMULATED_AREAS) {
    const owner = dialects.find((id) => DIALECTS[id].areas.includes(area));
    if (owner) {
      out[area] = owner;
    }
  }
  return out;
}

export interface DialectMix {
  readonly recorder: Recorder;
  /** The union of every dialect's metrics (throws at construction on a name two dialects share). */
  readonly registry: Registry;
  /** The kit's metrics when the kit is among the dialects. */
  readonly kit: PerfscopeMetrics | undefined;
  readonly areas: Partial<Record<SimulatedArea, DialectId>>;
}

/** Builds the recorders of a dialect list and routes each area to its dialect. */
export function createDialectMix(dialects: readonly DialectId[], options: Omit<DialectContext, 'areas'>): DialectMix {
  const areas = assignAreas(dialects);
  const byArea: Partial<Record<SimulatedArea, Recorder>> = {};
  const registries: Registry[] = [];
  let kit: PerfscopeMetrics | undefined;
  for (const id of dialects) {
    const mine = new Set(SIMULATED_AREAS.filter((a) => areas[a] === id));
    const recorder = DIALECTS[id].create({ ...options, areas: mine });
    registries.push(recorder.registry);
    mine.forEach((a) => (byArea[a] = recorder));
    if (id === 'kit') {
      kit = (recorder as ReturnType<typeof createKit>).metrics;
    }
  }
  return { recorder: new AreaRouter(byArea), registry: Registry.merge(registries), kit, areas };
}
