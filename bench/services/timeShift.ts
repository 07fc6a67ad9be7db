/**
 * A loopback HTTP hop in front of Prometheus that moves time: the query API's `start`, `end` and
 * `time` go back by a whole number of steps and the answer's sample times forward by as much. The
 * page in Chromium then reads the backfilled window as if it ended now, whenever it runs, without
 * touching its clock. The answer is compressed again when the request accepts gzip, as Prometheus
 * would have done.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as zlib from 'zlib';

export interface TimeShift {
  url: string;
  /** Queries from now on read `seconds` earlier (a whole number). */
  setShift(seconds: number): void;
  close(): Promise<void>;
}

const TIME_PARAMS = ['start', 'end', 'time'];
/** A sample's time in a query answer: `[1764612345,"…"]` or `[1764612345.678,"…"]`. */
const SAMPLE_TIME = /\[(\d+(?:\.\d+)?),"/g;

const shifted = (value: string, by: number) => {
  const [whole, fraction] = value.split('.');
  return `${Number(whole) + by}${fraction === undefined ? '' : `.${fraction}`}`;
};

export async function startTimeShift(target: string): Promise<TimeShift> {
  let shift = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', target);
    for (const name of TIME_PARAMS) {
      const value = url.searchParams.get(name);
      if (value !== null && /^\d+(\.\d+)?$/.test(value)) {
        url.searchParams.set(name, shifted(value, -shift));
      }
    }
    const headers = { ...req.headers, host: url.host };
    delete headers['accept-encoding'];
    const upstream = http.request(url, { method: req.method, headers }, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        let body = Buffer.concat(chunks);
        if (/json/.test(String(up.headers['content-type'])) && /\/api\/v1\/query/.test(url.pathname)) {
          body = Buffer.from(body.toString('utf8').replace(SAMPLE_TIME, (_, t: string) => `[${shifted(t, shift)},"`));
        }
        const out: http.OutgoingHttpHeaders = { ...up.headers };
        delete out['content-length'];
        delete out['transfer-encoding'];
        if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
          body = zlib.gzipSync(body);
          out['content-encoding'] = 'gzip';
        }
        out['content-length'] = String(body.length);
        res.writeHead(up.statusCode ?? 502, out);
        res.end(body);
      });
      up.on('error', () => res.destroy());
    });
    upstream.on('error', (e) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`time shift: ${e.message}`);
    });
    // A client that gives up (the page unmounted, a proxy timed out) takes the upstream request with it.
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
