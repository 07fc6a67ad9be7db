/**
 * Grafana's frontend code rules and the React APIs React 19 removed, checked over src/ line by line
 * (ESLint enforces most of them too; this check names file and line even if a lint rule is turned off).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SRC } from './shared';

const RULES: Array<{ pattern: RegExp; rule: string; inComments?: boolean }> = [
  { pattern: /\bconsole\.(log|info|warn|error|debug|trace)\s*\(/, rule: 'no console logging: show problems in the UI' },
  { pattern: /\bwindow\.location\b/, rule: 'no window.location: use locationService from @grafana/runtime' },
  {
    pattern: /(^|[^.\w])(alert|confirm|prompt)\s*\(/,
    rule: 'no native dialogs: use Modal or ConfirmModal from @grafana/ui',
  },
  { pattern: /window\.open\((?![^)]*noopener,noreferrer)/, rule: "window.open needs 'noopener,noreferrer'" },
  { pattern: /\bgf-form/, rule: 'no legacy gf-form classes: use @grafana/ui components' },
  {
    pattern: /@ts-(ignore|expect-error|nocheck)/,
    rule: 'no @ts-ignore / @ts-expect-error: fix the type',
    inComments: true,
  },
  { pattern: /\/api\/ds\/query/, rule: 'no direct /api/ds/query calls: go through the datasource' },
  { pattern: /^\s*import\s+['"][^'"]+\.(s?css)['"]/, rule: 'no CSS imports: style with emotion through useStyles2' },
  {
    pattern: /\.defaultProps\s*=/,
    rule: 'no defaultProps (React 19 removed them for function components): use default parameters',
  },
  { pattern: /\bref=["'][^"']+["']/, rule: 'no string refs (removed in React 19): use useRef' },
  {
    pattern: /\b(contextTypes|childContextTypes|getChildContext)\b/,
    rule: 'no legacy context (removed in React 19): use createContext',
  },
];

/** Source files, tests excluded (they may mock what plugin code may not use). */
function sources(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return sources(full);
    }
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

export function violations(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const code = line.replace(/\/\/.*$/, '');
        for (const { pattern, rule, inComments } of RULES) {
          if (pattern.test(inComments ? line : code)) {
            found.push(`${path.relative(SRC, file)}:${i + 1}: ${rule}`);
          }
        }
      });
  }
  return found;
}

describe('frontend code rules', () => {
  it('holds for every source file', () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(30);
    expect(violations(files)).toEqual([]);
  });

  it('names file and line of each violation', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfscope-rules-'));
    const file = path.join(dir, 'bad.tsx');
    fs.writeFileSync(
      file,
      [
        'console.log("x");',
        'window.location.href = "/";',
        'Panel.defaultProps = {};',
        '// @ts-ignore',
        'confirm("sure?");',
        'const el = <div ref="box" />;',
        'export const ok = 1; // console.log in a comment is fine',
      ].join('\n')
    );
    try {
      expect(violations([file]).map((v) => v.replace(/^.*bad\.tsx/, 'bad.tsx'))).toEqual([
        'bad.tsx:1: no console logging: show problems in the UI',
        'bad.tsx:2: no window.location: use locationService from @grafana/runtime',
        'bad.tsx:3: no defaultProps (React 19 removed them for function components): use default parameters',
        'bad.tsx:4: no @ts-ignore / @ts-expect-error: fix the type',
        'bad.tsx:5: no native dialogs: use Modal or ConfirmModal from @grafana/ui',
        'bad.tsx:6: no string refs (removed in React 19): use useRef',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
