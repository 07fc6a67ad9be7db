/**
 * `PanelRenderer` of @grafana/runtime, as Grafana's core sets it (public/app/features/panel/
 * components/PanelRenderer.tsx): loads the panel plugin, merges the given options and field config
 * over the plugin's defaults, applies field overrides to the data and renders `plugin.panel` bare
 * (no chrome) inside the plugin's context. App pages embed panels with it.
 */
import React, { useEffect, useMemo, useState } from 'react';
import {
  EventBusSrv,
  type FieldConfigSource,
  LoadingState,
  type PanelData,
  type PanelPlugin,
  PluginContextProvider,
  applyFieldOverrides,
  getDefaultTimeRange,
} from '@grafana/data';
import { type PanelRendererProps, getTemplateSrv } from '@grafana/runtime';
import { useTheme2 } from '@grafana/ui';
import type { FieldConfigSpec } from './api';
import { MountErrorBoundary } from './mount';
import { fieldConfigWithDefaults, mergeReplacingArrays } from './panel';
import { loadPanelPlugin } from './plugins';

const NO_DATA: PanelData = { state: LoadingState.NotStarted, series: [], timeRange: getDefaultTimeRange() };
// Grafana hands embedded panels its app-wide event bus.
const appEvents = new EventBusSrv();
const ignore = () => {};

export function HostPanelRenderer(props: PanelRendererProps) {
  const { pluginId, data = NO_DATA, width, height, title, timeZone = 'browser' } = props;
  const theme = useTheme2();
  const [plugin, setPlugin] = useState<PanelPlugin>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    loadPanelPlugin(pluginId).then(
      (loaded) => live && setPlugin(loaded),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e))
    );
    return () => {
      live = false;
    };
  }, [pluginId]);

  const options = useMemo(
    () => (plugin ? mergeReplacingArrays<Record<string, unknown>>(plugin.defaults, props.options ?? {}) : undefined),
    [plugin, props.options]
  );
  const fieldConfig = useMemo<FieldConfigSource | undefined>(
    () => (plugin ? fieldConfigWithDefaults(plugin, props.fieldConfig as FieldConfigSpec | undefined) : undefined),
    [plugin, props.fieldConfig]
  );
  const processed = useMemo<PanelData | undefined>(
    () =>
      plugin && fieldConfig
        ? {
            ...data,
            series: applyFieldOverrides({
              data: data.series,
              fieldConfig,
              fieldConfigRegistry: plugin.fieldConfigRegistry,
              replaceVariables: (value) => getTemplateSrv().replace(value),
              theme,
              timeZone,
            }),
          }
        : undefined,
    [plugin, fieldConfig, data, theme, timeZone]
  );

  if (error) {
    return <div>Failed to load plugin: {error}</div>;
  }
  if (!plugin || !processed || !options || !fieldConfig) {
    return <div>Loading plugin panel...</div>;
  }
  const Panel = plugin.panel;
  if (!Panel) {
    return <div>Seems like the plugin you are trying to load does not have a panel component.</div>;
  }
  return (
    <MountErrorBoundary what={`Embedded ${pluginId} panel`}>
      <PluginContextProvider meta={plugin.meta}>
        <div data-perfscope-embedded-panel={pluginId} style={{ width, height }}>
          <Panel
            id={1}
            data={processed}
            title={title}
            timeRange={processed.timeRange}
            timeZone={timeZone}
            options={options}
            fieldConfig={fieldConfig}
            transparent={false}
            width={width}
            height={height}
            renderCounter={0}
            replaceVariables={(value) => value}
            onOptionsChange={props.onOptionsChange ?? ignore}
            onFieldConfigChange={props.onFieldConfigChange ?? ignore}
            onChangeTimeRange={props.onChangeTimeRange ?? ignore}
            eventBus={appEvents}
          />
        </div>
      </PluginContextProvider>
    </MountErrorBoundary>
  );
}
