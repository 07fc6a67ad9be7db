import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../..');
export const DIST = path.join(ROOT, 'dist');
export const SRC = path.join(ROOT, 'src');

/**
 * A file from ../shared beside the project (Grafana's plugin.json schema, the metric contract).
 * A user's own clone has no ../shared: the caller skips and says so. Under CI=true it must exist.
 */
export function sharedFile(name: string): string | undefined {
  const file = path.resolve(ROOT, '..', 'shared', name);
  if (fs.existsSync(file)) {
    return file;
  }
  if (process.env.CI === 'true') {
    throw new Error(`CI=true but ${file} is missing: CI checks out shared/ beside the project.`);
  }
  return undefined;
}

/** Every plugin.json under src/, with the folder it sits in (relative to src/). */
export function sourcePluginJsons(): Array<{ dir: string; json: Record<string, any> }> {
  const found: Array<{ dir: string; json: Record<string, any> }> = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name === 'plugin.json') {
        found.push({ dir: path.relative(SRC, dir), json: JSON.parse(fs.readFileSync(full, 'utf8')) });
      }
    }
  };
  walk(SRC);
  return found;
}
