/**
 * `npm run generate`: writes the dashboards, alerting provisioning, Prometheus rules and promtool
 * tests computed from the catalog. `npm run generate -- --check` writes nothing and fails, naming
 * each file, when the committed output differs from what the catalog gives (or is missing).
 * `npm run generate -- --settings FILE --out DIR` writes the dashboards and rule files for an app
 * settings file (the JSON the configuration page saves, or perfscope-doctor --json prints) into DIR.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateSettings } from '@perfscope/catalog';
import { generateAll, generateForSettings } from './generate/index';

export interface Difference {
  file: string;
  problem: 'missing' | 'differs';
}

/** Files under `root` whose content is not what the generator gives. */
export function compare(root: string, files: Map<string, string>): Difference[] {
  const out: Difference[] = [];
  for (const [file, content] of files) {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) {
      out.push({ file, problem: 'missing' });
    } else if (fs.readFileSync(full, 'utf8') !== content) {
      out.push({ file, problem: 'differs' });
    }
  }
  return out;
}

/** `--settings FILE --out DIR`: every problem of the settings at its field, or the files written. */
function forSettings(file: string | undefined, out: string | undefined): number {
  if (!file || !out) {
    process.stderr.write(
      'generate: --settings needs a settings file and --out a directory, e.g. --settings perfscope.json --out build/perfscope.\n'
    );
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    process.stderr.write(`generate: cannot read ${file} as JSON: ${(e as Error).message}\n`);
    return 2;
  }
  const check = validateSettings(raw);
  if (!check.ok) {
    process.stderr.write(
      `generate: ${file} has ${check.errors.length} problem(s); fix them (the configuration page shows the same):\n` +
        check.errors.map((e) => `  ${e.field}: ${e.message}\n`).join('')
    );
    return 2;
  }
  const root = path.resolve(out);
  const files = generateForSettings(check.settings, (f) =>
    fs.existsSync(path.join(root, f)) ? fs.readFileSync(path.join(root, f), 'utf8') : undefined
  );
  for (const [name, content] of files) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
  process.stdout.write(
    `generate: ${files.size} files for ${file} in ${root}:\n${[...files.keys()].map((f) => `  ${f}\n`).join('')}`
  );
  return 0;
}

function main(argv: string[]): number {
  const arg = (flag: string) => (argv.includes(flag) ? (argv[argv.indexOf(flag) + 1] ?? '') : undefined);
  if (argv.includes('--settings')) {
    return forSettings(arg('--settings'), arg('--out'));
  }
  const check = argv.includes('--check');
  const rootArg = argv.indexOf('--root');
  const root = rootArg >= 0 ? path.resolve(argv[rootArg + 1] ?? '.') : path.resolve(__dirname, '..');
  let generated: ReturnType<typeof generateAll>;
  try {
    generated = generateAll((file) =>
      fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : undefined
    );
  } catch (e) {
    process.stderr.write(`generate: ${(e as Error).message}\n`);
    return 2;
  }
  const { files, promtool } = generated;
  if (check) {
    const differences = compare(root, files);
    if (differences.length > 0) {
      process.stderr.write(
        `generate --check: ${differences.length} generated file(s) are stale; run \`npm run generate\` and commit:\n` +
          differences.map((d) => `  ${d.problem === 'missing' ? 'missing ' : 'differs '} ${d.file}\n`).join('')
      );
      return 1;
    }
    process.stdout.write(`generate --check: all ${files.size} generated files are up to date.\n`);
    return 0;
  }
  const changed = compare(root, files);
  for (const [file, content] of files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  process.stdout.write(
    `generate: ${files.size} files (${changed.length} changed); promtool cases: ${promtool.alerts} alerts × ` +
      `(fires ${promtool.fires}, silent ${promtool.silent}, recovers ${promtool.recovers}), ${promtool.recordings} recordings.\n` +
      changed.map((d) => `  ${d.problem === 'missing' ? 'created' : 'updated'} ${d.file}\n`).join('')
  );
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
