/**
 * One mounted panel: the plugin's `panel` component rendered with real PanelProps inside
 * @grafana/ui's PanelChrome (so it gets the inner width and height Grafana gives it), fed with
 * PanelData from a datasource query (every streamed response re-renders it) or from static frames,
 * with field config applied by applyFieldOverrides against the plugin's field-config registry (and,
 * without the panel's config, to the annotation frames: exemplars and their links).
 */
import React, {
  Component,
  type ErrorInfo,
  type ReactNode,
  useLayoutEffect,
  useMemo,
  useSyncExternalStore,
} from 'react';
import { type Root, createRoot } from 'react-dom/client';
import type { Subscription } from 'rxjs';
import { isArray, mergeWith } from 'lodash';
import {
  type AbsoluteTimeRange,
  EventBusSrv,
  type FieldColorConfigSettings,
  FieldColorModeId,
  type FieldConfigSource,
  type GrafanaTheme2,
  type InterpolateFunction,
  LoadingState,
  type PanelData,
  type PanelPlugin,
  type ScopedVars,
  type ThresholdsConfig,
  ThresholdsMode,
  type TimeRange,
  applyFieldOverrides,
  dateTime,
  fieldColorModeRegistry,
} from '@grafana/data';
import { getDataSourceSrv, getTemplateSrv } from '@grafana/runtime';
import { PanelChrome, PanelContextProvider, ThemeContext } from '@grafana/ui';
import type { FieldConfigSpec, MountPanelSpec, PanelInfo, PanelUpdate } from './api';
import { buildRequest, framesFromJSON, runQuery, timeRangeOf } from './query';

/** lodash merge where arrays replace rather than merge (as Grafana merges panel options). */
export const mergeReplacingArrays = <T,>(...sources: unknown[]): T =>
  mergeWith({}, ...sources, (_: unknown, src: unknown) => (isArray(src) ? src : undefined));

/** Field config of a new panel in Grafana: the plugin's defaults under the given config, colour mode as the plugin prefers. */
export function fieldConfigWithDefaults(plugin: PanelPlugin, spec: FieldConfigSpec = {}): FieldConfigSource {
  const defaults = mergeReplacingArrays<FieldConfigSource['defaults']>(
    plugin.fieldConfigDefaults.defaults,
    spec.defaults ?? {}
  );
  const fix = (t?: ThresholdsConfig) => {
    if (t) {
      t.mode = t.mode ?? ThresholdsMode.Absolute;
      t.steps = t.steps ?? [];
      if (t.steps.length > 0) {
        t.steps[0].value = -Infinity;
      }
    }
  };
  fix(defaults.thresholds);
  const color = plugin.fieldConfigRegistry.getIfExists('color');
  const settings = color?.settings as FieldColorConfigSettings | undefined;
  if (settings && !spec.defaults?.color) {
    const mode = fieldColorModeRegistry.getIfExists(defaults.color?.mode);
    if (!settings.byValueSupport && (!mode || mode.isByValue)) {
      defaults.color = { mode: FieldColorModeId.PaletteClassic };
    } else if (settings.byValueSupport && settings.preferThresholdsMode && (!mode || !mode.isByValue)) {
      defaults.color = { mode: FieldColorModeId.Thresholds };
    }
  }
  const overrides = (spec.overrides ?? []) as FieldConfigSource['overrides'];
  for (const override of overrides) {
    for (const property of override.properties) {
      if (property.id === 'thresholds') {
        fix(property.value as ThresholdsConfig);
      }
    }
  }
  return { defaults, overrides };
}

interface Snapshot {
  data: PanelData;
  options: Record<string, unknown>;
  fieldConfig: FieldConfigSource;
  width: number;
  height: number;
  timeRange: TimeRange;
  renderCounter: number;
}

export class PanelController {
  readonly eventBus = new EventBusSrv();
  private snapshot: Snapshot;
  private readonly listeners = new Set<() => void>();
  private subscription?: Subscription;
  private root?: Root;
  private readonly element: HTMLElement;
  private renders = 0;
  private dataUpdates = 0;
  private optionsChanges = 0;
  private fieldConfigChanges = 0;
  private readonly timeRangeChanges: Array<{ from: number; to: number }> = [];
  private readonly errors: string[] = [];
  private firstRender?: () => void;

  constructor(
    readonly id: number,
    private readonly spec: MountPanelSpec,
    readonly plugin: PanelPlugin,
    private readonly theme: GrafanaTheme2,
    container: HTMLElement
  ) {
    const timeRange = timeRangeOf(spec);
    this.snapshot = {
      data: { state: LoadingState.Loading, series: [], timeRange },
      options: mergeReplacingArrays(plugin.defaults, spec.options ?? {}),
      fieldConfig: fieldConfigWithDefaults(plugin, spec.fieldConfig),
      width: spec.width ?? 600,
      height: spec.height ?? 300,
      timeRange,
      renderCounter: 0,
    };
    this.element = document.createElement('div');
    this.element.dataset.perfscopePanel = String(id);
    this.element.dataset.pluginId = spec.pluginId;
    container.appendChild(this.element);
  }

  /** Renders the panel; resolves after its first commit. */
  mount(): Promise<void> {
    const rendered = new Promise<void>((resolve) => (this.firstRender = resolve));
    this.root = createRoot(this.element);
    this.root.render(
      <ThemeContext.Provider value={this.theme}>
        <HostedPanel controller={this} />
      </ThemeContext.Provider>
    );
    this.load();
    return rendered;
  }

  private load(): void {
    this.subscription?.unsubscribe();
    const { spec } = this;
    if (spec.frames) {
      this.setData({
        state: LoadingState.Done,
        series: framesFromJSON(spec.frames),
        timeRange: this.snapshot.timeRange,
      });
      return;
    }
    if (!spec.targets?.length) {
      this.setData({ state: LoadingState.Done, series: [], timeRange: this.snapshot.timeRange });
      return;
    }
    getDataSourceSrv()
      .get(spec.datasourceUid)
      .then((ds) => {
        const request = buildRequest(
          ds,
          { targets: spec.targets!, maxDataPoints: spec.maxDataPoints ?? this.snapshot.width },
          this.snapshot.timeRange,
          { panelId: this.id, timezone: spec.timeZone }
        );
        this.subscription = runQuery(ds, request).subscribe((data) => this.setData(data));
      })
      .catch((error: unknown) => this.recordError(error));
  }

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = () => this.snapshot;

  private update(change: Partial<Snapshot>): void {
    this.snapshot = { ...this.snapshot, ...change, renderCounter: this.snapshot.renderCounter + 1 };
    this.listeners.forEach((listener) => listener());
  }

  setData(data: PanelData): void {
    this.dataUpdates += 1;
    this.update({ data });
  }

  apply(update: PanelUpdate): void {
    if (update.options) {
      this.update({ options: mergeReplacingArrays(this.plugin.defaults, update.options) });
    }
    if (update.fieldConfig) {
      this.update({ fieldConfig: fieldConfigWithDefaults(this.plugin, update.fieldConfig) });
    }
    if (update.frames) {
      this.setData({
        state: LoadingState.Done,
        series: framesFromJSON(update.frames),
        timeRange: this.snapshot.timeRange,
      });
    }
  }

  resize(width: number, height: number): void {
    this.update({ width, height });
  }

  readonly onOptionsChange = (options: Record<string, unknown>) => {
    this.optionsChanges += 1;
    this.update({ options });
  };

  readonly onFieldConfigChange = (fieldConfig: FieldConfigSource) => {
    this.fieldConfigChanges += 1;
    this.update({ fieldConfig });
  };

  readonly onChangeTimeRange = (range: AbsoluteTimeRange) => {
    this.timeRangeChanges.push({ from: range.from, to: range.to });
    const from = dateTime(range.from);
    const to = dateTime(range.to);
    this.update({ timeRange: { from, to, raw: { from, to } } });
    this.load();
  };

  readonly replaceVariables: InterpolateFunction = (
    value: string,
    scopedVars?: ScopedVars,
    format?: string | Function
  ) => getTemplateSrv().replace(value, { ...this.snapshot.data.request?.scopedVars, ...scopedVars }, format);

  rendered(): void {
    this.renders += 1;
    this.firstRender?.();
    this.firstRender = undefined;
  }

  recordError(error: unknown): void {
    const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    this.errors.push(message);
    console.error(`Panel ${this.id} (${this.spec.pluginId}): ${message}`);
  }

  info(): PanelInfo {
    const { data, width, height, options, fieldConfig } = this.snapshot;
    return {
      id: this.id,
      pluginId: this.spec.pluginId,
      width,
      height,
      state: data.state,
      dataUpdates: this.dataUpdates,
      renders: this.renders,
      seriesCount: data.series.length,
      errors: [...this.errors, ...(data.errors ?? []).map((e) => e.message ?? JSON.stringify(e))],
      options: JSON.parse(JSON.stringify(options)),
      fieldConfig: JSON.parse(JSON.stringify(fieldConfig)),
      optionsChanges: this.optionsChanges,
      fieldConfigChanges: this.fieldConfigChanges,
      timeRangeChanges: [...this.timeRangeChanges],
    };
  }

  unmount(): void {
    this.subscription?.unsubscribe();
    this.root?.unmount();
    this.element.remove();
    this.eventBus.removeAllListeners();
  }

  get title(): string {
    return this.spec.title ?? '';
  }

  get transparent(): boolean {
    return Boolean(this.spec.transparent);
  }

  get timeZone(): string {
    return this.spec.timeZone ?? 'browser';
  }
}

class PanelErrorBoundary extends Component<{ controller: PanelController; children: ReactNode }, { error?: Error }> {
  state: { error?: Error } = {};

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    this.props.controller.recordError(`${error.message}\n${info.componentStack ?? ''}`);
  }

  render() {
    return this.state.error ? <div role="alert">Panel error: {this.state.error.message}</div> : this.props.children;
  }
}

/** Counts the commits of the panel element the host renders. */
function RenderCounter({ controller, children }: { controller: PanelController; children: ReactNode }) {
  useLayoutEffect(() => controller.rendered());
  return <>{children}</>;
}

function HostedPanel({ controller }: { controller: PanelController }) {
  const { data, options, fieldConfig, width, height, timeRange, renderCounter } = useSyncExternalStore(
    controller.subscribe,
    controller.getSnapshot
  );
  const { plugin } = controller;
  const theme = React.useContext(ThemeContext);
  const processed = useMemo<PanelData>(
    () => ({
      ...data,
      series: applyFieldOverrides({
        data: data.series,
        fieldConfig,
        fieldConfigRegistry: plugin.fieldConfigRegistry,
        replaceVariables: controller.replaceVariables,
        theme,
        timeZone: controller.timeZone,
      }),
      // Annotations (exemplars) get the field processing without the panel's field config, so their
      // links resolve (PanelQueryRunner.getData, public/app/features/query/state/PanelQueryRunner.ts).
      ...(data.annotations
        ? {
            annotations: applyFieldOverrides({
              data: data.annotations,
              fieldConfig: { defaults: {}, overrides: [] },
              fieldConfigRegistry: plugin.fieldConfigRegistry,
              replaceVariables: controller.replaceVariables,
              theme,
              timeZone: controller.timeZone,
            }),
          }
        : {}),
    }),
    [data, fieldConfig, plugin, controller, theme]
  );
  const context = useMemo(() => ({ eventsScope: 'global', eventBus: controller.eventBus }), [controller]);
  const Panel = plugin.panel;
  if (!Panel) {
    throw new Error(`${plugin.meta.id} has no panel component.`);
  }
  const errors = data.errors?.map((e) => e.message).join('\n');
  return (
    <PanelContextProvider value={context}>
      <PanelChrome
        width={width}
        height={height}
        title={controller.title}
        loadingState={data.state}
        statusMessage={errors || undefined}
        displayMode={controller.transparent ? 'transparent' : 'default'}
      >
        {(innerWidth, innerHeight) => (
          <PanelErrorBoundary controller={controller}>
            <RenderCounter controller={controller}>
              <Panel
                id={controller.id}
                data={processed}
                timeRange={timeRange}
                timeZone={controller.timeZone}
                options={options}
                fieldConfig={fieldConfig}
                transparent={controller.transparent}
                width={innerWidth}
                height={innerHeight}
                renderCounter={renderCounter}
                title={controller.title}
                eventBus={controller.eventBus}
                onOptionsChange={controller.onOptionsChange}
                onFieldConfigChange={controller.onFieldConfigChange}
                replaceVariables={controller.replaceVariables}
                onChangeTimeRange={controller.onChangeTimeRange}
              />
            </RenderCounter>
          </PanelErrorBoundary>
        )}
      </PanelChrome>
    </PanelContextProvider>
  );
}
