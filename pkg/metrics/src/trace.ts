/**
 * The trace an observation belongs to, for exemplars: W3C Trace Context ids, read from
 * OpenTelemetry's active span when `@opentelemetry/api` is installed, or given by the caller.
 */
import type { IncomingMessage } from 'http';

/** A trace and, optionally, the span within it: lower-case hex, as W3C Trace Context writes them. */
export interface TraceRef {
  /** 32 lower-case hex digits, not all zeros. */
  readonly traceId: string;
  /** 16 lower-case hex digits, not all zeros. */
  readonly spanId?: string;
}

/**
 * Where the trace of a request or query comes from: asked with the request at its start, and with
 * nothing for a query. A trace id alone may be returned as a string; undefined for none.
 */
export type TraceSource = (req?: IncomingMessage) => TraceRef | string | undefined;

/**
 * Exemplar label names: OpenTelemetry's Prometheus compatibility specification requires these keys,
 * and OpenMetrics uses them in its example. Grafana's exemplar link (the Prometheus data source's
 * `exemplarTraceIdDestinations[].name`) must name `trace_id`.
 */
export const TRACE_ID_LABEL = 'trace_id';
export const SPAN_ID_LABEL = 'span_id';

/** OpenMetrics: an exemplar's label names and values together at most 128 UTF-8 characters. */
export const EXEMPLAR_LABELS_MAX = 128;

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** Why a trace cannot be an exemplar, or undefined when it can. */
export function traceProblem(trace: unknown): string | undefined {
  const { traceId, spanId } = (typeof trace === 'object' && trace !== null ? trace : {}) as Record<string, unknown>;
  if (typeof traceId !== 'string' || !TRACE_ID.test(traceId) || traceId === ZERO_TRACE_ID) {
    return `a trace id must be 32 lower-case hex digits, not all zeros (got ${JSON.stringify(traceId)})`;
  }
  if (spanId !== undefined && (typeof spanId !== 'string' || !SPAN_ID.test(spanId) || spanId === ZERO_SPAN_ID)) {
    return `a span id must be 16 lower-case hex digits, not all zeros (got ${JSON.stringify(spanId)})`;
  }
  return undefined;
}

/** What the kit reads of `@opentelemetry/api` (declared here: the package is optional). */
interface OpenTelemetryApi {
  context: { active(): unknown };
  trace: {
    getSpanContext(context: unknown): { traceId: string; spanId: string; traceFlags: number } | undefined;
  };
}

/** W3C trace flags: the trace is recorded. An exemplar of an unsampled trace links to nothing. */
const SAMPLED = 0x1;

let loaded: OpenTelemetryApi | null | undefined;

/** `@opentelemetry/api`, loaded on first use; null when it is not installed. */
function openTelemetryApi(): OpenTelemetryApi | null {
  if (loaded === undefined) {
    try {
      // An optional peer dependency: required here, at first use, so that its absence is no error.
      loaded = require('@opentelemetry/api') as OpenTelemetryApi;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}

/**
 * The active span of OpenTelemetry's context, when `@opentelemetry/api` is installed and the span
 * is sampled; undefined when the package is not there. Without an SDK the API has no active span,
 * and the source finds none at the cost of one map lookup.
 */
export function openTelemetryTraces(api: OpenTelemetryApi | null = openTelemetryApi()): TraceSource | undefined {
  if (!api) {
    return undefined;
  }
  return () => {
    const span = api.trace.getSpanContext(api.context.active());
    return span !== undefined && (span.traceFlags & SAMPLED) === SAMPLED ? span : undefined;
  };
}
