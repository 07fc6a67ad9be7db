/** bench-results/services.md: the Services benchmark's tables and its goals, met or not. */
import { DEFAULT_MAX_SAMPLES } from './prometheus';
import { median } from './queries';
import type { Phase, ServicesBench, SizeResult } from './run';

const n = (v: number) => v.toLocaleString('en');
const ms = (v: number | undefined) =>
  v === undefined ? '—' : v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${v.toFixed(0)} ms`;
/** A longest task as read: the browser reports tasks of 50 ms or more (`longtask`), so 0 means it saw none. */
export const longTask = (ms: number) => (ms > 0 ? `${ms.toFixed(0)} ms` : 'none ≥ 50 ms');
const kib = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
const times = (v: number) => (v >= 100 ? `${v.toFixed(0)}×` : v >= 10 ? `${v.toFixed(1)}×` : `${v.toFixed(2)}×`);
const TITLES: Record<string, string> = {
  recorded: 'probe (which signals are recorded)',
  http_request_rate: 'request rate',
  http_error_rate: 'error rate',
  http_latency_p95: 'latency p95',
  http_apdex: 'Apdex',
  health_score: 'health score',
};
const mode = (recorded: boolean) => (recorded ? 'with recording rules' : 'without');

function queryTable(sizes: SizeResult[]): string[] {
  const columns = sizes.flatMap((s) => [
    { s, p: s.raw, label: `${n(s.services)} without` },
    { s, p: s.recorded, label: `${n(s.services)} with rules` },
  ]);
  const refIds = ['recorded', ...columns[0].p.queries.queries.map((q) => q.refId)];
  const cell = (p: Phase, refId: string) => {
    const q = refId === 'recorded' ? p.queries.probe : p.queries.queries.find((x) => x.refId === refId);
    if (!q) {
      return '—';
    }
    const marks = [q.recorded ? '' : 'raw', q.overDefaultLimit ? 'over the default limit' : ''].filter(Boolean);
    return `${ms(q.ms)}${marks.length ? ` (${marks.join(', ')})` : ''}`;
  };
  return [
    `| query (median, ms) | ${columns.map((c) => c.label).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
    ...refIds.map((id) => `| ${TITLES[id] ?? id} | ${columns.map((c) => cell(c.p, id)).join(' | ')} |`),
    `| **sum, one after another** | ${columns.map((c) => `**${ms(c.p.queries.totalMs)}**`).join(' | ')} |`,
    `| page load: the probe, then the five at once | ${columns.map((c) => ms(c.p.queries.pageLoadMs)).join(' | ')} |`,
    `| samples read | ${columns.map((c) => n(c.p.queries.samplesRead)).join(' | ')} |`,
    `| bytes (response bodies) | ${columns.map((c) => kib(c.p.queries.totalBytes)).join(' | ')} |`,
  ];
}

function browserRow(s: SizeResult, recorded: boolean, limitMs: number): string {
  const p = recorded ? s.recorded : s.raw;
  const b = p.browser;
  const measured = b.runs.length;
  const complete =
    b.completed === measured
      ? `${ms(b.medianMs)} / ${ms(b.worstMs)}`
      : b.completed
        ? `${ms(b.medianMs)} (${b.completed} of ${measured} complete)`
        : `not complete in ${limitMs / 1000} s (${n(b.runs[0]?.rows.complete ?? 0)} of ${n(s.services)} rows)`;
  const answered = b.runs.map((r) => r.queriesDoneMs).filter((v): v is number => v !== undefined);
  const rendered = b.runs
    .filter((r) => r.completeMs !== undefined && r.queriesDoneMs !== undefined)
    .map((r) => r.completeMs! - r.queriesDoneMs!);
  const bytes = b.runs[0]?.queries;
  // The order is the worst first only once every row has its values.
  const firstRow = b.runs.find((r) => r.completeMs !== undefined && r.firstRow)?.firstRow?.split(' ')[0];
  return `| ${n(s.services)} | ${mode(recorded)} | ${complete} | ${ms(median(answered))} | ${ms(median(rendered))} | ${longTask(b.medianLongestTaskMs)} / ${longTask(b.longestTaskMs)} | ${bytes ? `${kib(bytes.transferBytes)} / ${kib(bytes.bodyBytes)} (${bytes.requests})` : '—'} | ${firstRow ? `${firstRow}${firstRow === s.worst ? ' ✓' : ` (expected ${s.worst})`}` : '—'} |`;
}

function profileLines(s: SizeResult, recorded: boolean): string[] {
  const profile = (recorded ? s.recorded : s.raw).browser.profile;
  if (!profile) {
    return [];
  }
  const kinds = Object.entries(profile.kinds)
    .filter(([, v]) => v >= 1)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
    .join(', ');
  const sources = Object.entries(profile.sources)
    .filter(([, v]) => v >= 0.005)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([k, v]) => `${k} ${(v * 100).toFixed(0)} %`)
    .join('; ');
  const top = profile.topFunctions
    .slice(0, 5)
    .map((f) => `\`${f.name}\` ${(f.share * 100).toFixed(0)} %`)
    .join(', ');
  return [
    `- **${n(s.services)} services ${mode(recorded)}**: longest task ${profile.durationMs.toFixed(0)} ms, ${profile.startMs.toFixed(0)} ms after the mount. Self time: ${kinds}. CPU samples (${profile.samples}): ${sources}. Top functions by self time: ${top}.`,
  ];
}

export function servicesMarkdown(
  b: ServicesBench,
  machine: { date: string; cpus: number; cpu?: string; node: string }
): string[] {
  const c = b.config;
  const sizes = b.sizes;
  const largest = sizes[sizes.length - 1];
  const smallest = sizes[0];
  const worstTask = Math.max(
    0,
    ...sizes.flatMap((s) => [s.raw.browser.longestTaskMs, s.recorded.browser.longestTaskMs])
  );
  const recordedTask = Math.max(0, ...sizes.map((s) => s.recorded.browser.longestTaskMs));
  const growth = (pick: (s: SizeResult) => number) => (sizes.length > 1 ? pick(largest) / pick(smallest) : undefined);
  const perService = (pick: (s: SizeResult) => number) =>
    sizes.length > 1 ? (pick(largest) - pick(smallest)) / (largest.services - smallest.services) : undefined;
  const overLimit = sizes.flatMap((s) =>
    [...s.raw.queries.queries, ...s.recorded.queries.queries]
      .filter((q) => q.overDefaultLimit)
      .map((q) => `${TITLES[q.refId] ?? q.refId} at ${n(s.services)} (${n(q.peakSamples)} samples held at once)`)
  );
  const stillRaw = sizes.flatMap((s) => s.recorded.queries.queries.filter((q) => !q.recorded).map((q) => q.refId));
  const lines = [
    '# Services page on a large fleet',
    '',
    `${machine.date} · ${machine.cpus} × ${machine.cpu} · Node ${machine.node} · ${b.prometheus} · Chromium ${b.chromium ?? '?'} (headless) · ${(b.seconds / 60).toFixed(0)} minutes`,
    '',
    `The built plugin measured: dist/ of ${b.plugin.builtAt.slice(0, 16).replace('T', ' ')} UTC${b.plugin.commit ? `, commit ${b.plugin.commit}${b.plugin.changedFiles ? ` with ${b.plugin.changedFiles} files changed in the working tree` : ''}` : ''}.`,
    '',
    `Each service: ${c.routes} routes × ${c.statusCodes.length} status classes (${c.statusCodes.join(', ')}) × ${c.instances} instances of \`http_requests_total\` and \`http_request_duration_seconds\` (the catalog's 14 buckets), a sample every ${c.intervalSeconds} s for ${c.spanMinutes} minutes, written as OpenMetrics and backfilled with \`promtool tsdb create-blocks-from openmetrics\`; one service is bad (20 % errors, most requests over a second). "With recording rules": the catalog's \`buildPrometheusRecordingGroups(undefined)\` backfilled with \`promtool tsdb create-blocks-from rules\` over the page's window, in passes for the rules that read other rules. Prometheus runs with \`--query.max-samples\` and \`--query.timeout\` raised, so the raw queries of a large fleet answer at all.`,
    '',
    '| services | raw series | samples | recorded series | backfill (data / rules) |',
    '| ---: | ---: | ---: | ---: | ---: |',
    ...sizes.map(
      (s) =>
        `| ${n(s.services)} | ${n(s.data.series)} | ${n(s.data.samples)} | ${n(s.rules.series)} | ${(s.data.seconds / 60).toFixed(1)} / ${(s.rules.seconds / 60).toFixed(1)} min |`
    ),
    '',
    `The machine's 1-minute load average when each phase started: ${sizes.map((s) => `${n(s.services)} without ${s.raw.loadAverage.toFixed(2)}, with ${s.recorded.loadAverage.toFixed(2)}`).join('; ')}.`,
    '',
    "## The page's queries, from Node",
    '',
    `Exactly what the page sends on a load (\`RECORDED_PROBE\`, then \`serviceQueries(settings, recordedSignals(probe))\`): range queries over the last ${c.windowSeconds} s at a ${c.stepSeconds} s step, one after another, ${c.repetitions.recorded} timed repetitions with recording rules and ${Object.entries(
      c.repetitions.raw
    )
      .map(([size, r]) => `${r} at ${n(Number(size))}`)
      .join(
        ', '
      )} without (after one untimed run with query statistics). Each wall time includes transferring the body.`,
    '',
    ...queryTable(sizes),
    '',
    `"raw": computed from the raw series even with the recording rules loaded${stillRaw.length ? ` (${[...new Set(stillRaw)].map((id) => TITLES[id] ?? id).join(', ')}: the catalog's recording groups have no \`perfscope:${stillRaw[0]}\`)` : ''}. "over the default limit": the query holds more than ${n(DEFAULT_MAX_SAMPLES)} samples at once, Prometheus's default \`--query.max-samples\`, and fails on a server left at its defaults.`,
    '',
    ...sizes.map(
      (s) =>
        `- ${n(s.services)} services: raw ÷ recorded **${times(s.raw.queries.totalMs / s.recorded.queries.totalMs)}** in query time (sum), ${times(s.raw.queries.pageLoadMs / s.recorded.queries.pageLoadMs)} in page-load time, ${times(s.raw.queries.samplesRead / Math.max(1, s.recorded.queries.samplesRead))} in samples read.`
    ),
    ...(sizes.length > 1
      ? [
          `- From ${n(smallest.services)} to ${n(largest.services)} services (${times(largest.services / smallest.services)} the services, ${times(largest.data.series / smallest.data.series)} the series): with recording rules the sum grows ${times(growth((s) => s.recorded.queries.totalMs)!)} (${perService((s) => s.recorded.queries.totalMs)!.toFixed(3)} ms per added service); without, ${times(growth((s) => s.raw.queries.totalMs)!)} (${perService((s) => s.raw.queries.totalMs)!.toFixed(1)} ms per added service). Samples read with recording rules: ${n(smallest.recorded.queries.samplesRead)} → ${n(largest.recorded.queries.samplesRead)}.`,
        ]
      : []),
    ...(overLimit.length ? [`- Over the default limit: ${overLimit.join('; ')}.`] : []),
    '',
    '## The page in Chromium',
    '',
    `The built plugin in the browser host (tests/browser), its datasource at this Prometheus through the stand-in data-source proxy (scrape interval 15 s, timeout 30 s as by default). Each run mounts the Services page (its code already loaded once) and waits until \`data-complete-rows\` (and, with recording rules, \`data-scored-rows\`) equals the number of services, then ${c.afterCompleteMs / 1000} s more; "complete" is the frame after that. The datasource reaches Prometheus through a loopback hop that moves the queries' times back to the data's end, so the page reads a full window whenever it runs; the answers pass through untouched (compressed by Prometheus, as the browser asks). Long tasks from PerformanceObserver, bytes from resource timing. ${c.chromiumRuns} runs each (a run not complete within ${c.limitMs / 1000} s ends the series), then one traced run (Chromium's timeline and CPU profiler) for the longest task's breakdown: its self time by kind of work, and the functions the samples were in, each with its module in the host bundle.`,
    '',
    '| services | mode | complete (median / worst) | queries answered | rendering after the answers | longest task (median / worst) | query bytes (wire / body, requests) | first row |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...sizes.flatMap((s) => [browserRow(s, false, c.limitMs), browserRow(s, true, c.limitMs)]),
    '',
    ...sizes.flatMap((s) =>
      (['raw', 'recorded'] as const).flatMap((m) =>
        s[m].browser.runs
          .flatMap((r) => r.errors)
          // The same error from another port or query reads once.
          .map((e) => e.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1').replace(/\?\S*/g, '?…'))
          .filter((e, i, all) => all.indexOf(e) === i)
          .slice(0, 2)
          .map((e) => `- Errors at ${n(s.services)} services ${mode(m === 'recorded')}: ${e.slice(0, 300)}`)
      )
    ),
    '',
    '### The longest task',
    '',
    ...sizes.flatMap((s) => [...profileLines(s, false), ...profileLines(s, true)]),
    '',
    '## Goals',
    '',
  ];
  if (largest) {
    const g = largest.recorded.browser;
    const worst = g.completed === g.runs.length ? g.worstMs : undefined;
    const mid = g.medianMs;
    const verdict =
      mid !== undefined && mid <= b.goals.completeMs
        ? worst !== undefined && worst <= b.goals.completeMs
          ? '**met**'
          : '**met at the median, missed by the worst run**'
        : `**missed**${mid !== undefined ? ` by ${ms(mid - b.goals.completeMs)} (median)` : ''}`;
    const scope =
      largest.services >= 1000
        ? ''
        : ` (this run measured ${n(largest.services)} services only; the goal is for 1,000)`;
    const completed = g.runs.filter((r) => r.completeMs !== undefined && r.queriesDoneMs !== undefined);
    const answered = median(completed.map((r) => r.queriesDoneMs!));
    const rendering = median(completed.map((r) => r.completeMs! - r.queriesDoneMs!));
    lines.push(
      `- ${n(largest.services)} services complete in ≤ ${b.goals.completeMs / 1000} s with recording rules${scope}: median ${ms(mid)}, worst ${ms(worst)} — ${verdict}.${answered !== undefined && rendering !== undefined ? ` Of a page load, the queries were answered after ${ms(answered)} (from Node, the same page load takes ${ms(largest.recorded.queries.pageLoadMs)} at Prometheus), then ${ms(rendering)} went to the page's work on the answers until the complete table was drawn.` : ''}`,
      `- Cost grows with services, not series: raw ÷ recorded query time ${sizes.map((s) => `**${times(s.raw.queries.totalMs / s.recorded.queries.totalMs)}** at ${n(s.services)}`).join(', ')}${sizes.length > 1 ? `; with recording rules the queries take ${times(growth((s) => s.recorded.queries.totalMs)!)} as long for ${times(largest.services / smallest.services)} the services (${times(largest.data.series / smallest.data.series)} the raw series), without ${times(growth((s) => s.raw.queries.totalMs)!)}` : ''}.`,
      `- No main-thread task over ${b.goals.longestTaskMs} ms: the longest was ${longTask(worstTask)} (with recording rules ${longTask(recordedTask)}) — ${worstTask <= b.goals.longestTaskMs ? '**met**' : `**missed** by ${ms(worstTask - b.goals.longestTaskMs)}`}.${worstTask > b.goals.longestTaskMs ? ' What those tasks did: see "The longest task" above.' : ''}`
    );
  }
  return lines;
}
