/**
 * No import cycles in the TypeScript of the project (src/, pkg/*\/src, scripts/): a cycle makes a
 * module's exports undefined while the other one loads, depending on which is imported first.
 * Relative imports only; type-only imports count too (they become cycles when someone adds a value).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ROOT } from './shared';

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      return e.name === 'node_modules' ? [] : sources(full);
    }
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')].find((f) =>
    fs.existsSync(f)
  );
}

/** The import graph of the files, and its cycles (each once, as the files in order). */
export function findCycles(files: string[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    graph.set(
      file,
      [...text.matchAll(IMPORT)].map((m) => resolve(file, m[1])).filter((f): f is string => f !== undefined)
    );
  }
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        cycles.push(stack.slice(stack.indexOf(next)));
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) {
    if (!state.has(file)) {
      visit(file);
    }
  }
  return cycles;
}

const rel = (cycle: string[]) => cycle.map((f) => path.relative(ROOT, f)).join(' → ');

describe('import cycles', () => {
  it('are none in src/, the workspace packages and the scripts', () => {
    const dirs = ['src', 'scripts', ...fs.readdirSync(path.join(ROOT, 'pkg')).map((p) => `pkg/${p}/src`)];
    const files = dirs.flatMap((d) => (fs.existsSync(path.join(ROOT, d)) ? sources(path.join(ROOT, d)) : []));
    expect(files.length).toBeGreaterThan(100);
    expect(findCycles(files).map(rel)).toEqual([]);
  });

  it('are found and named file by file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-cycles-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import {\n  b,\n  type B,\n} from './b';\nexport const a: B = b;\n");
      fs.writeFileSync(
        path.join(dir, 'b.ts'),
        "import type { C } from './c';\nexport const b = 1 as C;\nexport type B = C;\n"
      );
      fs.writeFileSync(path.join(dir, 'c.ts'), "export type C = number;\nexport { a } from './a';\n");
      fs.writeFileSync(path.join(dir, 'd.ts'), "import { a } from './a';\nexport const d = a;\n");
      const cycles = findCycles(['a', 'b', 'c', 'd'].map((n) => path.join(dir, `${n}.ts`)));
      expect(cycles.map((c) => c.map((f) => path.basename(f)))).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
