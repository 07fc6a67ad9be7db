import { checkDuration, describe } from '@perfscope/catalog';
import { type AuthMethod, MAX_CUSTOM_HEADERS, type Options } from './types';

/** The datasource's settings read from stored jsonData, whatever its types, and what is wrong with them. */
export interface ReadOptions {
  /** Only values of the right type; a wrong one is left out (and named in `problems`). */
  options: Options;
  /** Field → what is wrong, in words a person can act on. */
  problems: Record<string, string>;
}

const AUTH_METHODS: readonly AuthMethod[] = ['none', 'bearer', 'basic'];
/** A Prometheus label name (exemplar labels follow the same rule). */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Longest timeout the editor accepts, seconds. */
export const MAX_TIMEOUT_SECONDS = 300;

/**
 * Reads stored jsonData field by field: settings written by provisioning or the API may hold any
 * JSON (a number for the tenant, "abc" for the timeout), and must not crash the datasource or its
 * editor. The timeout is Grafana's own key, `timeout` in seconds (pkg/services/datasources/service/
 * datasource.go, getTimeout); `timeoutSeconds`, the key of earlier versions, is read when it is absent.
 */
export function readOptions(jsonData: unknown): ReadOptions {
  const source = (jsonData && typeof jsonData === 'object' ? jsonData : {}) as Record<string, unknown>;
  const options: Options = {};
  const problems: Record<string, string> = {};
  const text = (
    key: 'url' | 'tenant' | 'scrapeInterval' | 'tracingDatasourceUid' | 'exemplarTraceIdLabel',
    label: string
  ) => {
    const value = source[key];
    if (value === undefined || value === null) {
      return;
    }
    if (typeof value === 'string') {
      options[key] = value;
    } else {
      problems[key] = `The saved ${label} is ${describe(value)}, not text: enter it again.`;
    }
  };
  text('url', 'URL');
  text('tenant', 'tenant');
  text('scrapeInterval', 'scrape interval');
  text('tracingDatasourceUid', 'tracing datasource');
  text('exemplarTraceIdLabel', 'trace id label');

  const auth = source.authMethod;
  if (auth !== undefined && auth !== null) {
    if (AUTH_METHODS.includes(auth as AuthMethod)) {
      options.authMethod = auth as AuthMethod;
    } else {
      problems.authMethod = `The saved authentication method ${JSON.stringify(auth)} is not one of none, bearer or basic: choose one again.`;
    }
  }

  const timeout = source.timeout ?? source.timeoutSeconds;
  if (timeout !== undefined && timeout !== null && timeout !== '') {
    const seconds = typeof timeout === 'number' ? timeout : typeof timeout === 'string' ? Number(timeout) : NaN;
    if (Number.isInteger(seconds) && seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS) {
      options.timeout = seconds;
    } else {
      problems.timeout = `The timeout is a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}${typeof timeout === 'string' || typeof timeout === 'number' ? `, not ${JSON.stringify(timeout)}` : ''}.`;
    }
  }

  if (options.scrapeInterval) {
    const check = checkDuration(options.scrapeInterval, 'Scrape interval');
    if (!check.ok) {
      problems.scrapeInterval = check.message;
    } else if (check.ms < 1000) {
      problems.scrapeInterval = 'The scrape interval is at least 1s.';
    }
  }

  const traceLabel = options.exemplarTraceIdLabel?.trim();
  if (traceLabel && !LABEL_NAME.test(traceLabel)) {
    problems.exemplarTraceIdLabel = `"${traceLabel}" is not a label name: use letters, digits and _, not starting with a digit (for example trace_id).`;
  }

  for (let i = 1; i <= MAX_CUSTOM_HEADERS; i++) {
    const key = `httpHeaderName${i}` as const;
    const value = source[key];
    if (value === undefined) {
      continue;
    }
    if (typeof value === 'string') {
      options[key] = value;
    } else {
      // Kept as an empty slot, so the editor shows the row and its error.
      options[key] = '';
      problems[key] = `The saved header name is ${describe(value)}, not text: enter it again.`;
    }
  }
  return { options, problems };
}
