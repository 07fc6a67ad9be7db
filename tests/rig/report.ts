import * as fs from 'fs';
import * as path from 'path';

const ARTIFACTS = path.resolve(__dirname, '../../artifacts');

/** A suite's figures: printed as they come, and written to artifacts/<name> when the suite ends. */
export function suiteReport(name: string): { out: (line: string) => void; save: () => void } {
  const lines: string[] = [];
  return {
    out: (line) => {
      lines.push(line);
      process.stdout.write(`${line}\n`);
    },
    save: () => {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.writeFileSync(path.join(ARTIFACTS, name), `${lines.join('\n')}\n`);
    },
  };
}
