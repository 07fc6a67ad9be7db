/**
 * @grafana/data expects a browser (window, document). Benchmarks of datasource code run under Node,
 * so they get a jsdom window first — the same environment the unit tests use.
 */
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>', { url: 'http://localhost/' });
const g = globalThis as unknown as Record<string, unknown>;
g.window ??= dom.window;
g.document ??= dom.window.document;
g.navigator ??= dom.window.navigator;
