/**
 * The README's pictures: each one it shows exists under docs/images, each picture there is shown,
 * and each is a PNG of a real page size (npm run screenshots writes them).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './shared';

const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const IMAGES = path.join(ROOT, 'docs/images');

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = fs.readFileSync(file);
  if (bytes.toString('latin1', 1, 4) !== 'PNG') {
    throw new Error(`${file} is not a PNG.`);
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('README pictures', () => {
  const shown = [...README.matchAll(/!\[[^\]]+\]\((docs\/images\/[^)]+)\)/g)].map((m) => m[1]);

  it('shows the configuration page, the Overview and the stream panel, each with a description', () => {
    expect(shown).toEqual(
      expect.arrayContaining([
        'docs/images/configuration.png',
        'docs/images/overview.png',
        'docs/images/stream-panel.png',
      ])
    );
  });

  it('shows only pictures that exist, and every picture under docs/images', () => {
    for (const file of shown) {
      expect({ file, exists: fs.existsSync(path.join(ROOT, file)) }).toEqual({ file, exists: true });
    }
    const files = fs.readdirSync(IMAGES).map((f) => `docs/images/${f}`);
    expect(files.filter((f) => !shown.includes(f))).toEqual([]);
  });

  it('has pictures of a page, not of an empty or broken render', () => {
    for (const file of shown) {
      const { width, height } = pngSize(path.join(ROOT, file));
      expect({ file, big: width >= 400 && height >= 200 }).toEqual({ file, big: true });
    }
  });
});
