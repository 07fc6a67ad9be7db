/**
 * `npm run bench`: runs Perfscope's benchmarks and writes their results to bench-results/.
 * Options: --quick (fewer, shorter rounds, for a smoke run).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { OFFERED_RATE, runMiddlewareBench } from './middleware/run';

const quick = process.argv.includes('--quick');
const outDir = path.resolve(__dirname, '..', 'bench-results');
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, date: new Date().toISOString() };
  log(`Perfscope benchmarks on ${machine.cpus} × ${machine.cpu}, Node ${machine.node}${quick ? ' (quick)' : ''}`);

  const middleware = await runMiddlewareBench(quick ? { rounds: 1, seconds: 3 } : { rounds: 7, seconds: 8 }, log);
  fs.writeFileSync(path.join(outDir, 'middleware.json'), `${JSON.stringify({ machine, ...middleware }, null, 2)}\n`);
  const lines = [
    '# Express middleware cost',
    '',
    `${machine.date} · ${machine.cpus} × ${machine.cpu} · Node ${machine.node} · ${middleware.rounds.length / 3} rounds, medians · ` +
      `${OFFERED_RATE} req/s offered to each server${middleware.pinned ? ' · server and load generator on separate cores' : ''}`,
    '',
    'Server CPU time per request is the cost that matters; throughput is the offered rate unless a server falls behind.',
    '',
    '| variant | req/s served | p50 ms | p99 ms | CPU µs/request | CPU vs bare | throughput vs bare |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...middleware.summary.map(
      (s) =>
        `| ${s.variant} | ${s.requestsPerSecond.toFixed(0)} | ${s.p50Ms} | ${s.p99Ms} | ${s.cpuMicrosPerRequest.toFixed(1)} | ${s.cpuRatioVsBare.toFixed(3)}× | ${s.throughputRatioVsBare.toFixed(3)}× |`
    ),
    '',
    'Goal: @perfscope/metrics ≤ 1.05× bare Express CPU per request, recording the full contract.',
  ];
  fs.writeFileSync(path.join(outDir, 'middleware.md'), `${lines.join('\n')}\n`);
  log(`\n${lines.join('\n')}\n\nWritten: ${path.join(outDir, 'middleware.md')} and middleware.json`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exit(1);
});
