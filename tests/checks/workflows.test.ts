/**
 * The CI workflows run where Docker exists, not here: at least they must be valid YAML with jobs
 * and steps, and name only npm scripts and files that exist.
 */
import * as fs from 'fs';
import * as yaml from 'js-yaml';
import * as path from 'path';
import { ROOT } from './shared';

const DIR = path.join(ROOT, '.github/workflows');
const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts);
const files = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

type Step = { run?: string; uses?: string };
type Workflow = { name?: string; on?: unknown; jobs?: Record<string, { steps?: Step[]; 'runs-on'?: string }> };

describe('.github/workflows', () => {
  it.each(files)('%s is a workflow with jobs and steps', (file) => {
    const workflow = yaml.load(fs.readFileSync(path.join(DIR, file), 'utf8')) as Workflow;
    expect(workflow.name).toBeTruthy();
    expect(workflow.on).toBeTruthy();
    const jobs = Object.values(workflow.jobs ?? {});
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      expect(job['runs-on']).toBeTruthy();
      expect(job.steps?.length).toBeGreaterThan(0);
    }
  });

  it.each(files)('%s names only npm scripts and files that exist', (file) => {
    const workflow = yaml.load(fs.readFileSync(path.join(DIR, file), 'utf8')) as Workflow;
    const runs = Object.values(workflow.jobs ?? {}).flatMap((j) => (j.steps ?? []).map((s) => s.run ?? ''));
    const missing: string[] = [];
    for (const run of runs) {
      for (const [, script] of run.matchAll(/npm run (?:--silent )?([\w:-]+)/g)) {
        if (!scripts.includes(script)) {
          missing.push(`npm run ${script}`);
        }
      }
      for (const [, file] of run.matchAll(/(?:bash|node|sh) (\.?[\w./-]+\.(?:sh|mjs|js))/g)) {
        if (!fs.existsSync(path.join(ROOT, file))) {
          missing.push(file);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
