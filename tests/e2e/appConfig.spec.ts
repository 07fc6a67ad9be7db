import { test, expect } from './fixtures';

test('the configuration page shows the app state and the default thresholds', async ({ appConfigPage, page }) => {
  await expect(page.getByRole('button', { name: /(Enable|Disable) Perfscope/ })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'HTTP latency p95' })).toBeVisible();
  await expect(page.getByRole('cell', { name: '> 1 s' }).first()).toBeVisible();
  expect(appConfigPage).toBeTruthy();
});
