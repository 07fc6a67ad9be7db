import { DataSourcePlugin } from '@grafana/data';
import { initPluginTranslations } from '@grafana/i18n';
import { ConfigEditor } from './ConfigEditor';
import { DataSource } from './datasource';
import { QueryEditor } from './QueryEditor';
import type { Options, Query } from './types';
import { DATASOURCE_PLUGIN_ID } from '@perfscope/catalog';

initPluginTranslations(DATASOURCE_PLUGIN_ID);

export const plugin = new DataSourcePlugin<DataSource, Query, Options>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
