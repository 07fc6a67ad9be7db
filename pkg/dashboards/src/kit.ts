/**
 * Building blocks of the generated dashboards, on @grafana/grafana-foundation-sdk's typed builders:
 * variables, PromQL under the dashboard's filters, stat/timeseries/heatmap/table panels with the
 * catalog's units and thresholds, links, and a grid that places panels row by row.
 */
import {
  APP_PLUGIN_ID,
  DASHBOARD_TAG,
  type CanonicalLabel,
  type CatalogOptions,
  type SectionDef,
  type SectionId,
  appPagePath,
  BUILD_INFO_METRIC,
  deployPromQL,
  deployVersionLabel,
  type BandedSignal,
  bandRecordName,
  breakdownPromQL,
  lastWeekPromQL,
  bucketIncreasePromQL,
  ratePromQL,
  areasOf,
  dashboardTitle,
  getSection,
  thresholdPanelId,
  type SignalDef,
  buildPromQL,
  getMetric,
  METRICS,
  resolveMetric,
  getSignal,
  resolveOptions,
  type PerfscopeSettings,
  serviceLabelOf,
  withSettings,
} from '@perfscope/catalog';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  BigValueColorMode,
  BigValueGraphMode,
  BigValueTextMode,
  GraphThresholdsStyleConfigBuilder,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  StackingConfigBuilder,
  StackingMode,
  TableCellDisplayMode,
  TooltipDisplayMode,
  GraphThresholdsStyleMode,
  VizLegendOptionsBuilder,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  AnnotationQueryBuilder,
  type Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  type Panel,
  PanelBuilder,
  QueryVariableBuilder,
  RowBuilder,
  type Threshold,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import {
  HeatmapColorMode,
  HeatmapColorOptionsBuilder,
  HeatmapColorScale,
  PanelBuilder as HeatmapPanelBuilder,
  YAxisConfigBuilder,
} from '@grafana/grafana-foundation-sdk/heatmap';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TablePanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { RUNBOOKS } from './runbooks';
import { checkSignal } from './validate';

/** Name of the datasource variable every panel and target queries through. */
export const DS_VARIABLE = 'datasource';
export const DS_REF = { type: 'prometheus', uid: `\${${DS_VARIABLE}}` };
/** Range window of every rate() on the dashboards: Grafana's scrape-aware interval. */
export const RATE_WINDOW = '$__rate_interval';

/** Extra matchers on canonical labels, e.g. `[['result', '=', 'miss']]`. */

/** A label filter driven by a dashboard variable. */
export interface Filter {
  /** Variable name, e.g. `route`. */
  readonly variable: string;
  /** Label shown above the picker, e.g. `Route`. */
  readonly title: string;
  /** Prometheus label it filters: the service (the settings' service label, `job` by default) or a catalog label. */
  readonly label: 'service' | CanonicalLabel;
  /** Catalog metric whose series list the values. */
  readonly metric: string;
}

/** The service picker (multi, All): values of the settings' service label. */
export const serviceFilter = (metric: string): Filter => ({
  variable: 'service',
  title: 'Service',
  label: 'service',
  metric,
});

/** A PromQL target of a panel. */
export interface Target {
  readonly refId: string;
  readonly expr: string;
  readonly legend?: string;
  readonly format?: 'time_series' | 'table' | 'heatmap';
  readonly instant?: boolean;
}

export interface BoardSpec {
  /** The section of the catalog the dashboard shows: its uid, title, description, tags and app page. */
  readonly section: SectionId;
  /** Filters after the datasource picker, in order; the first is the job. */
  readonly filters: readonly Filter[];
  /** How the team names the metrics (namingOptions of the settings); the kit's names when empty. */
  readonly naming?: Partial<CatalogOptions>;
  /** The settings' custom signals: those of the dashboard's areas get a row of their own. */
  readonly custom?: readonly SignalDef[];
  /** The app settings whose thresholds the panels draw (the catalog's defaults when absent). */
  readonly settings?: PerfscopeSettings;
}

/** What a dashboard is built for: the team's naming, its custom signals and the settings' thresholds. */
export type BoardInputs = Pick<BoardSpec, 'naming' | 'custom' | 'settings'>;

type AnyPanel = cog.Builder<Panel> & { id(id: number): unknown; span(w: number): unknown; height(h: number): unknown };

/** One dashboard under construction: filters, a panel grid with unique ids, links. */
export class Board {
  readonly spec: BoardSpec;
  readonly section: SectionDef;
  readonly title: string;
  private readonly builder: DashboardBuilder;
  private nextId = 1;
  private readonly ids = new Set<number>();
  private x = 0;

  /** Whether the dashboard has the service picker (the `service` variable). */
  get hasServicePicker(): boolean {
    return this.spec.filters.some((f) => f.label === 'service');
  }

  constructor(spec: BoardSpec) {
    this.spec = spec;
    const section = getSection(spec.section);
    this.section = section;
    this.title = dashboardTitle(section);
    const tags = [...new Set([section.id, ...areasOf(section.id).filter((a) => a !== 'health')])];
    this.builder = new DashboardBuilder(this.title)
      .uid(section.dashboardUid)
      .description(section.description)
      .tags([DASHBOARD_TAG, ...tags])
      .editable()
      .tooltip(DashboardCursorSync.Crosshair)
      .time({ from: 'now-1h', to: 'now' })
      .refresh('30s')
      .timezone('browser')
      .withVariable(new DatasourceVariableBuilder(DS_VARIABLE).label('Data source').type('prometheus'));
    for (const filter of spec.filters) {
      this.builder.withVariable(this.variable(filter));
    }
    this.builder.annotation(this.deployAnnotation());
    this.builder
      .link(
        new DashboardLinkBuilder('Perfscope dashboards')
          .type(DashboardLinkType.Dashboards)
          .tags([DASHBOARD_TAG])
          .asDropdown(true)
          .includeVars(true)
          .keepTime(true)
          .targetBlank(false)
      )
      .link(
        new DashboardLinkBuilder(section.id === 'overview' ? 'Perfscope app' : `${section.title} in the Perfscope app`)
          .type(DashboardLinkType.Link)
          .url(appPagePath(section))
          .icon('apps')
          .tooltip('The same signals with their thresholds and alerts in the Perfscope app')
          .includeVars(false)
          .keepTime(false)
          .targetBlank(false)
      )
      .link(
        new DashboardLinkBuilder('Alert thresholds')
          .type(DashboardLinkType.Link)
          .url(`/plugins/${APP_PLUGIN_ID}`)
          .icon('cog')
          .tooltip('Perfscope settings: thresholds, health weights, alert rules')
          .includeVars(false)
          .keepTime(false)
          .targetBlank(false)
      );
  }

  /**
   * Deploy markers on every panel: each service's new version (deploys.ts), through the core
   * Prometheus datasource's annotation query (its legacy fields, which Grafana's Prometheus
   * annotation support reads: expr, step, titleFormat, textFormat, tagKeys).
   */
  private deployAnnotation() {
    const options = { ...this.options([BUILD_INFO_METRIC]), groupBy: [this.serviceLabel] };
    const version = deployVersionLabel(options);
    return new AnnotationQueryBuilder()
      .name('Deploys')
      .datasource(DS_REF)
      .enable(true)
      .iconColor('blue')
      .expr(deployPromQL(options))
      .step('1m')
      .titleFormat(`Deploy {{${version}}}`)
      .textFormat(`{{${this.serviceLabel}}} now runs {{${version}}}`)
      .tagKeys(`${this.serviceLabel},${version}`)
      .useValueForTime(false);
  }

  private variable(filter: Filter) {
    const service = this.spec.filters.find((f) => f.label === 'service' && f !== filter);
    const selector = service ? `{${this.serviceLabel}=~"$${service.variable}"}` : '';
    // The values of the label as the team's metrics have it, histograms through `_count`. The service
    // is listed from every metric of the dashboard's areas: an instrumentation may lack any one.
    const naming = resolveOptions(this.spec.naming);
    const series = (name: string) => {
      const metric = resolveMetric(name, naming, naming.sources);
      return metric.names.map((n) => `${n}${metric.def.type === 'histogram' ? '_count' : ''}`);
    };
    let query: string;
    if (filter.label === 'service') {
      const own = METRICS.filter((m) => areasOf(this.section.id).includes(m.area)).map((m) => m.name);
      const names = [...new Set([filter.metric, ...own].flatMap(series))];
      query = `label_values({__name__=~"${names.join('|')}"${selector ? `,${selector.slice(1, -1)}` : ''}}, ${this.serviceLabel})`;
    } else {
      const metric = resolveMetric(filter.metric, naming, naming.sources);
      query = `label_values(${series(filter.metric)[0]}${selector}, ${metric.label(filter.label)})`;
    }
    return new QueryVariableBuilder(filter.variable)
      .label(filter.title)
      .datasource(DS_REF)
      .query(query)
      .definition(query)
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      .allValue('.*')
      .current({ text: 'All', value: '$__all', selected: true });
  }

  /** The filters that apply to series of these metrics: the service always, others where every metric has the label. */
  filtersFor(metrics: readonly string[]): Filter[] {
    return this.spec.filters.filter(
      (f) =>
        f.label === 'service' ||
        (metrics.length > 0 && metrics.every((m) => (getMetric(m).labels as readonly string[]).includes(f.label)))
    );
  }

  /**
   * The catalog options of expressions over these metrics: the team's naming, the dashboard's
   * window, the service, and the filters on catalog labels (each in the label name its metric has).
   */
  options(metrics: readonly string[]): Partial<CatalogOptions> {
    const filters = this.filtersFor(metrics);
    const matcher = (f: Filter) => ({ op: '=~' as const, value: `$${f.variable}` });
    return {
      ...this.spec.naming,
      window: RATE_WINDOW,
      matchers: filters.filter((f) => f.label === 'service').map((f) => ({ label: this.serviceLabel, ...matcher(f) })),
      filters: filters.flatMap((f) => (f.label === 'service' ? [] : [{ label: f.label, ...matcher(f) }])),
    };
  }

  /** The label that names a service in the team's metrics (the settings', `job` by default). */
  get serviceLabel(): string {
    return serviceLabelOf(this.spec.settings);
  }

  /** A signal (by id, or a custom signal's definition) with the settings' thresholds, checked for what panels need. */
  signal(idOrSignal: string | SignalDef, needs: { thresholds?: boolean } = {}): SignalDef {
    const def = typeof idOrSignal === 'string' ? getSignal(idOrSignal) : idOrSignal;
    return checkSignal(withSettings(def, this.spec.settings), needs);
  }

  /** A catalog signal per service (one series for each value of the service label), under the dashboard's filters. */
  perService(id: string): string {
    const signal = this.signal(id);
    return buildPromQL(signal, { ...this.options(signal.metrics), groupBy: [this.serviceLabel] });
  }

  /** A recorded series (one per service) of the services picked: `max by (job) (name{job=~"$service"})`. */
  recorded(name: string): string {
    const picker = this.spec.filters.find((f) => f.label === 'service');
    const selector = picker ? `{${this.serviceLabel}=~"$${picker.variable}"}` : '';
    return `max by (${this.serviceLabel}) (${name}${selector})`;
  }

  /** A catalog signal by some of its labels (the catalog's breakdown), under the dashboard's filters. */
  breakdown(id: string, by: readonly CanonicalLabel[]): string {
    const signal = checkSignal(getSignal(id));
    return breakdownPromQL(signal, by, this.options(signal.metrics));
  }

  /** A catalog counter's (or histogram's) rate by labels, under the dashboard's filters (see ratePromQL). */
  rate(
    metric: string,
    by: readonly CanonicalLabel[],
    { outcome, zeroWith }: { outcome?: string; zeroWith?: string } = {}
  ): string {
    return ratePromQL(metric, by, this.options(zeroWith ? [metric, zeroWith] : [metric]), outcome, zeroWith);
  }

  /** A catalog signal's PromQL under the dashboard's filters (the settings' own expression where there is one). */
  expr(signal: SignalDef): string {
    return buildPromQL(signal, this.options(signal.metrics));
  }

  /** A target that is exactly a catalog signal: refId = signal id (the health and stream panels read it). */
  signalTarget(idOrSignal: string | SignalDef, legend?: string): Target {
    const signal = this.signal(idOrSignal);
    return { refId: signal.id, expr: this.expr(signal), legend: legend ?? signal.title };
  }

  /** Starts a new row of panels under a title. */
  row(title: string): this {
    this.x = 0;
    const id = this.nextId++;
    this.ids.add(id);
    this.builder.withRow(new RowBuilder(title).id(id));
    return this;
  }

  /** Adds panels left to right; each row must fill the 24 columns exactly. */
  add(panels: ReadonlyArray<readonly [AnyPanel, number]>, height = 8): this {
    for (const [panel, width] of panels) {
      if (this.x + width > 24) {
        throw new Error(`${this.title}: panels overflow the 24-column row (at x=${this.x}, width ${width}).`);
      }
      const id = THRESHOLD_PANELS.get(panel) ?? this.nextId++;
      if (this.ids.has(id)) {
        throw new Error(
          `${this.title}: two panels would have id ${id} (two timeseries draw one signal's thresholds?).`
        );
      }
      this.ids.add(id);
      panel.id(id);
      panel.span(width);
      panel.height(height);
      this.builder.withPanel(panel);
      this.x = (this.x + width) % 24;
    }
    if (this.x !== 0) {
      throw new Error(`${this.title}: a row of panels ends at column ${this.x}, not 24.`);
    }
    return this;
  }

  build(): Dashboard {
    const custom = (this.spec.custom ?? []).filter((s) => areasOf(this.section.id).includes(s.area));
    if (custom.length > 0) {
      this.row('Custom signals');
      for (let i = 0; i < custom.length; i += 2) {
        const pair = custom.slice(i, i + 2);
        this.add(
          pair.map((signal) => [
            timeseries(this, [this.signalTarget(signal)], {
              title: signal.title,
              description: `${signal.description}`,
              unit: signal.unit,
              thresholdsOf: signal.thresholds ? signal : undefined,
            }),
            24 / pair.length,
          ])
        );
      }
    }
    const dashboard = this.builder.build();
    // The SDK files every link under the controls menu; Perfscope's links belong in plain sight.
    for (const link of dashboard.links ?? []) {
      delete link.placement;
    }
    // Likewise the deploy markers' toggle: beside the variables, where an SRE looks for it.
    for (const annotation of dashboard.annotations?.list ?? []) {
      delete annotation.placement;
    }
    return dashboard;
  }
}

/* --------------------------------------------------------------- panels */

/** Threshold steps of a signal: green/orange/red on the bad side of its direction. */
export function thresholdSteps(signal: SignalDef | undefined): Threshold[] {
  const t = signal?.thresholds;
  if (!t) {
    return [{ value: null, color: 'text' }];
  }
  if (t.direction === 'above') {
    return [
      { value: null, color: 'green' },
      ...(t.warning !== undefined ? [{ value: t.warning, color: 'orange' }] : []),
      ...(t.critical !== undefined ? [{ value: t.critical, color: 'red' }] : []),
    ];
  }
  const levels: Threshold[] = [
    ...(t.critical !== undefined ? [{ value: t.critical, color: t.warning !== undefined ? 'orange' : 'green' }] : []),
    ...(t.warning !== undefined ? [{ value: t.warning, color: 'green' }] : []),
  ];
  return [{ value: null, color: t.critical !== undefined ? 'red' : 'orange' }, ...levels];
}

const thresholdsConfig = (signal: SignalDef | undefined) =>
  new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(thresholdSteps(signal));

function query(target: Target) {
  const q = new DataqueryBuilder()
    .datasource(DS_REF)
    .refId(target.refId)
    .expr(target.expr)
    .legendFormat(target.legend ?? '__auto');
  if (target.format) {
    q.format(target.format as PromQueryFormat);
  }
  return target.instant ? q.instant() : q.range();
}

/** The single thresholded signal a panel's thresholds come from, if any, with the board's settings. */
function thresholdSignal(board: Board, signal: string | SignalDef | undefined): SignalDef | undefined {
  return signal === undefined ? undefined : board.signal(signal, { thresholds: true });
}

export interface StatOptions {
  /** Title instead of the signal's. */
  readonly title?: string;
  /** Whether the catalog thresholds colour the value (default: when the signal has them). */
  readonly thresholds?: boolean;
}

/** A stat of a catalog signal: last value, sparkline, coloured by the catalog's thresholds. */
export function stat(board: Board, id: string, options: StatOptions = {}) {
  const signal = board.signal(id);
  const withThresholds = options.thresholds ?? signal.thresholds !== undefined;
  return new StatPanelBuilder()
    .title(options.title ?? signal.title)
    .description(signal.description)
    .datasource(DS_REF)
    .withTarget(query(board.signalTarget(id)))
    .unit(signal.unit)
    .thresholds(thresholdsConfig(withThresholds ? thresholdSignal(board, id) : undefined))
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .graphMode(BigValueGraphMode.Area)
    .colorMode(BigValueColorMode.Value)
    .textMode(BigValueTextMode.Value)
    .noValue('No data');
}

export interface TimeseriesOptions {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  /** Signal whose warning/critical lines are drawn (its id must be one of the targets' refIds). */
  readonly thresholdsOf?: string | SignalDef;
  /** Stack the series (breakdowns that add up to a total). */
  readonly stacked?: boolean;
  readonly min?: number;
}

/**
 * The panels that draw a signal's thresholds, with the id the catalog gives them
 * (`thresholdPanelId`): the alert rules of the signal link to that id as their runbook.
 */
const THRESHOLD_PANELS = new WeakMap<object, number>();

/**
 * A timeseries of targets; with `thresholdsOf`, the catalog's warning and critical drawn as lines
 * and areas, the runbook in the description, and the signal's threshold panel id.
 */
export function timeseries(board: Board, targets: readonly Target[], options: TimeseriesOptions) {
  const signal = thresholdSignal(board, options.thresholdsOf);
  const runbook = signal ? RUNBOOKS[signal.id] : undefined;
  const panel = new TimeseriesPanelBuilder()
    .title(options.title)
    .description(runbook ? `${options.description}\n\nWhen it alerts: ${runbook}` : options.description)
    .datasource(DS_REF)
    .targets(targets.map(query))
    .unit(options.unit)
    .thresholds(thresholdsConfig(signal))
    .thresholdsStyle(
      new GraphThresholdsStyleConfigBuilder().mode(
        signal ? GraphThresholdsStyleMode.LineAndArea : GraphThresholdsStyleMode.Off
      )
    )
    .legend(
      new VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .calcs([])
    )
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending))
    .lineWidth(1)
    .fillOpacity(options.stacked ? 30 : 10)
    .axisSoftMin(options.min ?? 0);
  if (options.stacked) {
    panel.stacking(new StackingConfigBuilder().mode(StackingMode.Normal).group('A'));
  }
  if (signal) {
    THRESHOLD_PANELS.set(panel, thresholdPanelId(signal.id));
  }
  return panel;
}

/** Legend suffixes of the comparison lines a normal-band panel draws beside each service's value. */
export const LAST_WEEK_LEGEND = 'same time last week';
export const BAND_LEGEND = { upper: 'normal band (upper)', lower: 'normal band (lower)' } as const;

/**
 * A banded signal per service, beside the same time last week (dashed) and its normal band for this
 * hour of the week (the recording rules of trends.ts, dotted): a spike inside the band is usual for
 * the time of week, one outside it is not.
 */
export function normalBandPanel(
  board: Board,
  id: BandedSignal,
  options: { title: string; description: string; unit: string }
) {
  const label = `{{${board.serviceLabel}}}`;
  const value = board.perService(id);
  const targets: Target[] = [
    { refId: 'A', expr: value, legend: label },
    { refId: 'B', expr: lastWeekPromQL(value), legend: `${label} ${LAST_WEEK_LEGEND}` },
    { refId: 'C', expr: board.recorded(bandRecordName(id, 'upper')), legend: `${label} ${BAND_LEGEND.upper}` },
    { refId: 'D', expr: board.recorded(bandRecordName(id, 'lower')), legend: `${label} ${BAND_LEGEND.lower}` },
  ];
  return timeseries(board, targets, options)
    .overrideByRegexp(`.* ${LAST_WEEK_LEGEND}$`, [
      { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } },
      { id: 'custom.fillOpacity', value: 0 },
    ])
    .overrideByRegexp(`.* normal band \\((upper|lower)\\)$`, [
      { id: 'custom.lineStyle', value: { fill: 'dot', dash: [0, 10] } },
      { id: 'custom.fillOpacity', value: 0 },
      { id: 'color', value: { mode: 'fixed', fixedColor: 'text' } },
    ]);
}

/** A latency (or size) heatmap from a histogram's buckets, Prometheus-side bucketed. */
export function heatmap(board: Board, metric: string, title: string, description: string) {
  const def = getMetric(metric);
  if (def.type !== 'histogram') {
    throw new Error(`Heatmap "${title}": catalog metric "${metric}" is a ${def.type}, not a histogram.`);
  }
  const target: Target = {
    refId: 'A',
    expr: bucketIncreasePromQL(metric, board.options([metric])),
    legend: '{{le}}',
    format: 'heatmap',
  };
  return new HeatmapPanelBuilder()
    .title(title)
    .description(description)
    .datasource(DS_REF)
    .withTarget(query(target))
    .unit(def.unit)
    .calculate(false)
    .yAxis(new YAxisConfigBuilder().unit(def.unit))
    .color(
      new HeatmapColorOptionsBuilder()
        .mode(HeatmapColorMode.Scheme)
        .scheme('Oranges')
        .scale(HeatmapColorScale.Exponential)
        .exponent(0.5)
        .steps(64)
    );
}

export interface TableOptions {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  /** Column title of the value. */
  readonly valueTitle: string;
  /** Catalog signal whose thresholds colour the value cells. */
  readonly thresholdsOf?: string;
  /** Worst first means lowest first (hit ratios). */
  readonly ascending?: boolean;
}

/** A top-N table of one instant query: one row per label set, worst first. */
export function table(board: Board, target: Target, options: TableOptions) {
  return (
    new TablePanelBuilder()
      .title(options.title)
      .description(options.description)
      .datasource(DS_REF)
      // A table coloured by a signal's thresholds shows that signal per label set: its refId says so.
      .withTarget(query({ ...target, refId: options.thresholdsOf ?? target.refId, format: 'table', instant: true }))
      .unit(options.unit)
      .thresholds(thresholdsConfig(thresholdSignal(board, options.thresholdsOf)))
      .withTransformation({
        id: 'organize',
        options: { excludeByName: { Time: true }, renameByName: { Value: options.valueTitle } },
      })
      .withTransformation({
        id: 'sortBy',
        options: { sort: [{ field: options.valueTitle, desc: !options.ascending }] },
      })
      .cellOptions({ type: TableCellDisplayMode.ColorText })
  );
}

/**
 * A Perfscope panel (stream or health score) over catalog signals: one target per signal with the
 * signal id as refId (how the panels know the signal), and the signal's unit as a per-query
 * override. No threshold levels are written: the panels take the admin's from the app settings, so
 * a level changed on the configuration page shows here too, and with one service picked, that
 * service's own levels.
 */
export function perfscopePanel(
  board: Board,
  type: 'perfscope-stream-panel' | 'perfscope-healthscore-panel',
  ids: readonly string[],
  options: { title: string; description: string; options: Record<string, unknown> }
) {
  const panel = new PanelBuilder()
    .type(type)
    .title(options.title)
    .description(options.description)
    .datasource(DS_REF)
    .targets(ids.map((id) => query(board.signalTarget(id))))
    // One service picked: the panel judges by that service's own levels (the settings' `services`).
    .options({ ...(board.hasServicePicker ? { service: '$service' } : {}), ...options.options })
    .unit('none')
    .thresholds(thresholdsConfig(undefined));
  for (const id of ids) {
    const signal = checkSignal(getSignal(id));
    panel.overrideByQuery(id, [{ id: 'unit', value: signal.unit }]);
  }
  return panel;
}
