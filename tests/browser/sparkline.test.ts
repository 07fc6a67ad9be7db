/**
 * The stream panel's incremental drawing in real Chromium: shifting the old image and drawing only
 * the newest segment must give the picture a full redraw gives, at devicePixelRatio 1 and 2.
 */
import * as esbuild from 'esbuild';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await esbuild.build({
    entryPoints: [path.join(__dirname, 'pages/sparklinePage.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    logLevel: 'silent',
  });
  browser = await launchChromium();
  const context = await browser.newContext();
  await context.route('**/*', (route) => route.abort());
  page = await context.newPage();
  await page.setContent('<!doctype html><html><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
});

afterAll(async () => {
  await browser?.close();
});

describe('incremental sparkline drawing', () => {
  it.each([
    { dpr: 1, stepMs: 1000, windowMs: 3_600_000, what: 'many points per pixel (an hour at 1 s in 400 px)' },
    { dpr: 1, stepMs: 5000, windowMs: 300_000, what: 'several pixels per point (5 min at 5 s)' },
    { dpr: 2, stepMs: 1000, windowMs: 120_000, what: 'devicePixelRatio 2' },
  ])('matches a full redraw: $what', async ({ dpr, stepMs, windowMs }) => {
    const result = await page.evaluate((o) => window.sparklinePage.incrementalVersusFull(o), {
      ticks: 900,
      stepMs,
      windowMs,
      width: 400,
      height: 120,
      dpr,
      gapsEvery: 97,
    });
    expect(result.incrementalDraws).toBeGreaterThan(result.fullDraws);
    expect(result.painted).toBeGreaterThan(400);
    // Same picture: no pixel's coverage differs by more than 32/255.
    expect(result.differing / result.painted).toBeLessThan(0.005);
  });
});
