/**
 * Detection on a big server: VictoriaMetrics (Debian's `victoria-metrics`, on 127.0.0.1) holding a
 * fleet instrumented with OpenTelemetry, redis_exporter and the kit, plus 50,000 other metric names.
 * perfscope-doctor's reader runs the whole detection (names, the candidates' labels, every signal);
 * the peer reads every series once (`/api/v1/series` over all names), the least a detection that
 * looks at each metric's labels must fetch.
 */
import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { detect } from '@perfscope/catalog';
import { httpReader } from '@perfscope/doctor';
import { Simulator } from '@perfscope/simulator';
import { freePort } from '../../tests/rig/prometheus';

export interface DetectBench {
  names: number;
  series: number;
  /** perfscope-doctor: wall time, requests and the presets it found. */
  detect: { ms: number; requests: number; presets: Record<string, string> };
  /** Every series once. */
  peer: { ms: number; bytes: number };
  ratio: number;
}

const FILLER = 50_000;

async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}.`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function runDetectBench(log: (line: string) => void): Promise<DetectBench> {
  if (spawnSync('victoria-metrics', ['--version']).error) {
    throw new Error('victoria-metrics is not installed: apt-get install -y victoria-metrics.');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-vm-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const vm: ChildProcess = spawn(
    'victoria-metrics',
    [
      `-httpListenAddr=127.0.0.1:${port}`,
      `-storageDataPath=${dir}`,
      '-retentionPeriod=1d',
      '-search.disableCache',
      '-search.maxSeries=1000000',
    ],
    { stdio: 'ignore' }
  );
  try {
    await waitUntil(async () => (await fetch(`${url}/health`)).ok, 'VictoriaMetrics to start');
    log(`detect: VictoriaMetrics on ${url}; importing a fleet and ${FILLER.toLocaleString('en')} other metric names…`);

    // Two scrapes a minute apart of a seeded fleet, so rates have two points.
    const sim = new Simulator({ seed: 5, speed: 60, dialects: ['otel', 'redis-exporter', 'kit'] });
    const now = Date.now();
    const scrape = async (at: number) => {
      sim.step(1);
      const text = await sim.expose();
      const body = text
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => `${l} ${at}`)
        .join('\n');
      const res = await fetch(`${url}/api/v1/import/prometheus?extra_label=job=fleet`, { method: 'POST', body });
      if (!res.ok) {
        throw new Error(`Import failed: HTTP ${res.status} ${await res.text()}`);
      }
    };
    await scrape(now - 60_000);
    await scrape(now - 1_000);
    for (let start = 0; start < FILLER; start += 10_000) {
      const lines: string[] = [];
      for (let i = start; i < start + 10_000; i++) {
        lines.push(`app_metric_${i}_total{job="other",instance="host-${i % 50}"} ${i} ${now - 1_000}`);
      }
      const res = await fetch(`${url}/api/v1/import/prometheus`, { method: 'POST', body: lines.join('\n') });
      if (!res.ok) {
        throw new Error(`Import failed: HTTP ${res.status}`);
      }
      log(`detect: imported ${(start + 10_000).toLocaleString('en')} of ${FILLER.toLocaleString('en')} names`);
    }
    await fetch(`${url}/internal/force_flush`);
    const reader = httpReader(url);
    await waitUntil(async () => (await reader.metricNames()).length > FILLER, 'the imported names to be searchable');
    const names = (await reader.metricNames()).length;

    let requests = 0;
    const counted = httpReader(url, { onRequest: () => requests++ });
    const t0 = performance.now();
    const result = await detect(counted);
    const detectMs = performance.now() - t0;
    const presets = Object.fromEntries(result.areas.filter((a) => a.preset).map((a) => [a.area, a.preset as string]));
    log(`detect: perfscope-doctor ${detectMs.toFixed(0)} ms, ${requests} requests, presets ${JSON.stringify(presets)}`);

    const end = Math.floor(Date.now() / 1000);
    const p0 = performance.now();
    const res = await fetch(
      `${url}/api/v1/series?${new URLSearchParams({ 'match[]': '{__name__=~".+"}', start: String(end - 3600), end: String(end) })}`
    );
    const body = await res.text();
    const parsed = JSON.parse(body) as { data?: unknown[]; error?: string };
    if (!parsed.data) {
      throw new Error(`The series API refused the peer's request: ${parsed.error ?? body.slice(0, 200)}`);
    }
    const series = parsed.data.length;
    const peerMs = performance.now() - p0;
    log(`detect: every series once ${peerMs.toFixed(0)} ms, ${(body.length / 1e6).toFixed(1)} MB, ${series} series`);
    return {
      names,
      series,
      detect: { ms: detectMs, requests, presets },
      peer: { ms: peerMs, bytes: body.length },
      ratio: detectMs / peerMs,
    };
  } finally {
    vm.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    vm.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function detectMarkdown(b: DetectBench, machine: { date: string; cpus: number; cpu?: string }): string[] {
  return [
    '# Naming detection on a big server',
    '',
    `${machine.date} · ${machine.cpus} × ${machine.cpu} · VictoriaMetrics on 127.0.0.1`,
    '',
    `${b.names.toLocaleString('en')} metric names (${b.series.toLocaleString('en')} series): a fleet instrumented with OpenTelemetry, redis_exporter and the kit, and ${FILLER.toLocaleString('en')} other names.`,
    '',
    '| approach | wall time | requests | ratio |',
    '| --- | ---: | ---: | ---: |',
    `| perfscope-doctor: names, the candidates' labels, every signal | ${(b.detect.ms / 1000).toFixed(2)} s | ${b.detect.requests} | ${b.ratio.toFixed(2)}× |`,
    `| every series once (\`/api/v1/series\`, ${(b.peer.bytes / 1e6).toFixed(1)} MB) | ${(b.peer.ms / 1000).toFixed(2)} s | 1 | 1× |`,
    '',
    `Presets found: ${Object.entries(b.detect.presets)
      .map(([area, preset]) => `${area} ${preset}`)
      .join(', ')}.`,
    '',
    'Goal: detection answers in seconds on 50,000 metric names.',
  ];
}
