import { test, expect } from '@grafana/plugin-e2e';

test('the provisioned Perfscope datasource reaches Prometheus through the proxy', async ({
  readProvisionedDataSource,
  gotoDataSourceConfigPage,
}) => {
  const ds = await readProvisionedDataSource({ fileName: 'datasources.yaml', name: 'Perfscope' });
  const configPage = await gotoDataSourceConfigPage(ds.uid);
  await expect(configPage.saveAndTest()).toBeOK();
  await expect(configPage).toHaveAlert('success', { hasText: /Connected: Prometheus-compatible API/ });
});
