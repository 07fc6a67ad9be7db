import { test, expect } from '@grafana/plugin-e2e';
import { testIds } from '../../src/components/testIds';

test('the stream panel shows live tiles from the provisioned datasource, and its options change the rendering', async ({
  panelEditPage,
  readProvisionedDataSource,
  page,
}) => {
  const ds = await readProvisionedDataSource({ fileName: 'datasources.yaml', name: 'Perfscope' });
  await panelEditPage.datasource.set(ds.name);
  await panelEditPage.setVisualization('Perfscope stream');
  await expect(panelEditPage.refreshPanel()).toBeOK();

  const tiles = panelEditPage.panel.locator.getByTestId(testIds.streamPanel.tile);
  await expect(tiles.first()).toBeVisible();
  await expect(panelEditPage.panel.locator.getByTestId(testIds.streamPanel.value).first()).toHaveText(/req\/s/);
  await expect(panelEditPage.panel.locator.locator('canvas').first()).toBeVisible();

  const options = panelEditPage.getCustomOptions('Perfscope stream');
  // Chart off: no canvas; threshold legend on: the levels appear under the value.
  await options.getSwitch('Chart').uncheck();
  await expect(panelEditPage.panel.locator.locator('canvas')).toHaveCount(0);
  await options.getRadioGroup('Layout').check('List');
  await options.getTextInput('Series to show').fill('(');
  await expect(page.getByText('Series filter "(" is not a valid regular expression.')).toBeVisible();
});
