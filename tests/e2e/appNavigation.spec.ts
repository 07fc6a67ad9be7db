import { test, expect } from './fixtures';
import { ROUTES } from '../../src/constants';

test('the overview page lists the watched signals', async ({ gotoPage, page }) => {
  await gotoPage(`/${ROUTES.Overview}`);
  await expect(page.getByText('Perfscope watches these signals', { exact: false })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Cache hit ratio' })).toBeVisible();
});

test('an unknown app path leads to the overview', async ({ gotoPage, page }) => {
  await gotoPage('/no-such-page');
  await expect(page).toHaveURL(new RegExp(`/${ROUTES.Overview}$`));
});
