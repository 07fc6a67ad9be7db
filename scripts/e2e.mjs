// Runs the plugin-e2e (Playwright) specs in tests/e2e against a running Grafana, such as the
// docker compose stack started with `npm run server`. Where no Grafana answers, it says so and
// skips: these specs need the stack, which machines without Docker cannot run.
import { spawnSync } from 'node:child_process';

const base = process.env.GRAFANA_URL || 'http://localhost:3000';
const url = `${base.replace(/\/$/, '')}/api/health`;

async function grafanaAnswers() {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    const body = await response.json();
    return response.ok && body.database === 'ok';
  } catch {
    return false;
  }
}

if (!(await grafanaAnswers())) {
  process.stdout.write(
    `SKIPPED plugin-e2e: no Grafana answers at ${url}. These specs run against the docker stack: ` +
      'start it with `npm run server` (or set GRAFANA_URL), then run `npm run e2e`.\n'
  );
  process.exit(0);
}
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
