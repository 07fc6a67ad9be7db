/**
 * A loopback HTTP hop in front of Prometheus that moves the query API's `start`, `end` and `time`
 * back by a whole number of steps, so the page in Chromium reads the backfilled window as its last
 * 15 minutes whenever it runs, without touching the page's clock. Answers pass through as
 * Prometheus sends them (compressed by Prometheus when the browser asks for it), so the samples
 * keep the data's own times: the page draws them, and a later poll asks for points after the
 * newest it holds, a time in the data's past that is left as it is.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

export interface TimeShift {
  url: string;
  /** Queries from now on read `seconds` earlier (a whole number). */
  setShift(seconds: number): void;
  close(): Promise<void>;
}

const TIME_PARAMS = ['start', 'end', 'time'];
/** Times older than this are the data's own (a poll's "after the newest point"), not the page's clock. */
const PAGE_TIME_SECONDS = 1800;

const shifted = (value: string, by: number) => {
  const [whole, fraction] = value.split('.');
  return `${Number(whole) + by}${fraction === undefined ? '' : `.${fraction}`}`;
};

export async function startTimeShift(target: string): Promise<TimeShift> {
  let shift = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', target);
    const recent = Date.now() / 1000 - PAGE_TIME_SECONDS;
    for (const name of TIME_PARAMS) {
      const value = url.searchParams.get(name);
      if (value !== null && /^\d+(\.\d+)?$/.test(value) && Number(value) >= recent) {
        url.searchParams.set(name, shifted(value, -shift));
      }
    }
    const upstream = http.request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
      }
      res.end(`time shift: ${e.message}`);
    });
    // A client that gives up (the page unmounted, a proxy timed out) takes the upstream request with it,
    // and Prometheus stops evaluating the query.
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setShift(seconds) {
      if (!Number.isInteger(seconds)) {
        throw new Error(`The time shift is a whole number of seconds, not ${seconds}.`);
      }
      shift = seconds;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
