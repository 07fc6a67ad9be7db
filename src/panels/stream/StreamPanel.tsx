import React, { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { css } from '@emotion/css';
import type { DataFrame, GrafanaTheme2, PanelProps } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { Alert, useStyles2, useTheme2 } from '@grafana/ui';
import type { PerfscopeSettings } from '@perfscope/catalog';
import { useAppSettings } from '../../settings';
import { panelService } from '../serviceLevels';
import { testIds } from '../../components/testIds';
import { StreamController, type TileElements } from './controller';
import { annotationFrames, annotationMarks } from './annotations';
import { splitExemplarFrames } from './exemplars';
import {
  type Structure,
  type TileSpec,
  buildStructure,
  inQueryOrder,
  layoutTiles,
  legendText,
  optionProblems,
  structureKey,
  windowNote,
} from './model';
import { type Options, type TextSize, defaultOptions } from './types';

/** The tiles for the data, rebuilt only when the data's structure changes, not on every tick. */
function useStructure(frames: DataFrame[], options: Options, settings: PerfscopeSettings | undefined): Structure {
  const key = structureKey(frames, options, settings);
  // The key covers everything buildStructure reads except the values, which must not rebuild tiles.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => buildStructure(frames, options, settings), [key]);
}

const FONT_SIZES: Record<Exclude<TextSize, 'auto'>, number> = { sm: 16, md: 24, lg: 36 };

export function StreamPanel({
  data,
  options: rawOptions,
  id,
  fieldConfig,
  width,
  height,
  timeRange,
  timeZone,
  replaceVariables,
}: PanelProps<Options>) {
  // The service whose own levels apply, with the dashboard's variables replaced (empty: the settings').
  const service = panelService(rawOptions.service, replaceVariables) ?? '';
  const options = { ...defaultOptions, ...rawOptions, service };
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  // Catalog thresholds come with the admin's changes from the app settings.
  const appSettings = useAppSettings(options.thresholdsSource === 'auto' || options.thresholdsSource === 'app');
  // Exemplar frames (in data.annotations, as Grafana hands them to panels, or among the series) mark
  // the slowest exemplar on their tiles; they are not tiles themselves.
  const frames = useMemo(() => splitExemplarFrames(data.series, data.annotations), [data.series, data.annotations]);
  const series = useMemo(
    () =>
      inQueryOrder(
        frames.series,
        data.request?.targets.map((t) => t.refId)
      ),
    [frames.series, data.request]
  );
  const exemplars = frames.exemplars;
  // The dashboard's annotations (its deploys among them), marked on every chart.
  const marks = useMemo(
    () => annotationMarks(annotationFrames(data.annotations), timeZone),
    [data.annotations, timeZone]
  );
  const structure = useStructure(series, options, appSettings.status === 'ready' ? appSettings.settings : undefined);
  const rangeMs = timeRange.to.valueOf() - timeRange.from.valueOf();
  const shorterWindow = windowNote(options.windowSeconds, structure.tiles, rangeMs);
  const notes = [
    ...structure.notes,
    ...(shorterWindow ? [shorterWindow] : []),
    ...(appSettings.status === 'error' ? [appSettings.message] : []),
  ];
  const problems = optionProblems(options);
  const windowMs = options.windowSeconds > 0 ? options.windowSeconds * 1000 : undefined;

  const root = useRef<HTMLDivElement>(null);
  const [controller] = useState(() => new StreamController(theme));

  useLayoutEffect(() => {
    controller.setStructure(structure.tiles, series);
    // Only when the structure changes: data alone goes through ingest below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [controller, structure]);

  useLayoutEffect(() => {
    controller.setDisplay({
      windowMs,
      rangeMs,
      colorMode: options.colorMode,
      showSparkline: options.showSparkline,
      theme,
    });
  }, [controller, windowMs, rangeMs, options.colorMode, options.showSparkline, theme]);

  useLayoutEffect(() => {
    controller.ingest(series);
    controller.ingestExemplars(exemplars);
  }, [controller, series, exemplars, structure]);

  useLayoutEffect(() => {
    controller.setAnnotations(marks);
  }, [controller, marks]);

  // Stale badges, off-screen and hidden-tab pausing, and cleanup.
  useEffect(() => {
    const stale = setInterval(() => controller.checkStale(), 1000);
    let onScreen = true;
    const update = () => controller.setVisible(onScreen && document.visibilityState !== 'hidden');
    const observer = new IntersectionObserver((entries) => {
      onScreen = entries.some((e) => e.isIntersecting);
      update();
    });
    if (root.current) {
      observer.observe(root.current);
    }
    document.addEventListener('visibilitychange', update);
    return () => {
      clearInterval(stale);
      observer.disconnect();
      document.removeEventListener('visibilitychange', update);
    };
  }, [controller]);
  useEffect(() => () => controller.dispose(), [controller]);

  const layout = layoutTiles(structure.tiles.length, width, height - (notes.length ? 28 : 0), options.layout);

  if (structure.tiles.length === 0) {
    return (
      <div className={styles.empty} style={{ width, height }}>
        {problems.length > 0 && <Alert severity="error" title={problems.join(' ')} />}
        <PanelDataErrorView panelId={id} fieldConfig={fieldConfig} data={data} needsNumberField />
      </div>
    );
  }

  const fontSize =
    options.textSize === 'auto'
      ? Math.round(Math.min(48, Math.max(14, layout.tileHeight * 0.26, 0)))
      : FONT_SIZES[options.textSize];

  return (
    <div ref={root} className={styles.root} style={{ width, height }} data-testid={testIds.streamPanel.tiles}>
      {problems.length > 0 && <Alert severity="error" title={problems.join(' ')} />}
      <div className={styles.grid} style={{ gridTemplateColumns: `repeat(${layout.columns}, ${layout.tileWidth}px)` }}>
        {structure.tiles.map((spec) => (
          <Tile
            key={spec.key}
            spec={spec}
            controller={controller}
            width={layout.tileWidth}
            height={layout.tileHeight}
            fontSize={fontSize}
            sparkline={options.showSparkline}
            legend={options.showLegend ? legendText(spec) : ''}
          />
        ))}
      </div>
      {notes.length > 0 && (
        <div className={styles.notes} data-testid={testIds.streamPanel.notes}>
          {notes.join(' ')}
        </div>
      )}
    </div>
  );
}

interface TileProps {
  spec: TileSpec;
  controller: StreamController;
  width: number;
  height: number;
  fontSize: number;
  sparkline: boolean;
  legend: string;
}

/** One tile's DOM. Rendered when the structure or size changes; values and chart are written by the controller. */
const Tile = memo(function Tile({ spec, controller, width, height, fontSize, sparkline, legend }: TileProps) {
  const styles = useStyles2(getStyles);
  const rootRef = useRef<HTMLDivElement>(null);
  const valueRef = useRef<HTMLDivElement>(null);
  const deltaRef = useRef<HTMLSpanElement>(null);
  const staleRef = useRef<HTMLSpanElement>(null);
  const noteRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const exemplarRef = useRef<HTMLAnchorElement>(null);
  const exemplarTextRef = useRef<HTMLSpanElement>(null);
  const annotationsRef = useRef<HTMLDivElement>(null);
  const [tip, setTip] = useState<{ text: string; x: number }>();
  const header = 18 + fontSize * 1.25 + (legend ? 16 : 0) + 16;
  const chartHeight = Math.max(0, height - header - 12);
  const chartWidth = Math.max(0, width - 16);
  const hasChart = sparkline && spec.timeIndex !== undefined && chartHeight >= 12;

  useLayoutEffect(() => {
    const els: TileElements | null =
      rootRef.current && valueRef.current && deltaRef.current && staleRef.current && noteRef.current
        ? {
            root: rootRef.current,
            value: valueRef.current,
            delta: deltaRef.current,
            stale: staleRef.current,
            note: noteRef.current,
            canvas: hasChart ? canvasRef.current : null,
            exemplar: hasChart ? exemplarRef.current : null,
            exemplarText: hasChart ? exemplarTextRef.current : null,
            annotations: hasChart ? annotationsRef.current : null,
          }
        : null;
    controller.attach(spec.key, els, hasChart ? { width: chartWidth, height: chartHeight } : undefined);
    return () => controller.attach(spec.key, null);
  }, [controller, spec, hasChart, chartWidth, chartHeight]);

  const onMove = useCallback(
    (e: React.MouseEvent<HTMLCanvasElement>) => {
      const box = e.currentTarget.getBoundingClientRect();
      setTip(controller.hover(spec.key, e.clientX - box.left));
    },
    [controller, spec.key]
  );

  return (
    <div ref={rootRef} className={styles.tile} style={{ height }} data-testid={testIds.streamPanel.tile}>
      <div className={styles.title} title={spec.title}>
        <span className={styles.name}>{spec.title}</span>
        <span ref={staleRef} className={styles.stale} hidden title="No new point for 3 intervals">
          stale
        </span>
      </div>
      <div className={styles.valueRow}>
        <div ref={valueRef} className={styles.value} style={{ fontSize }} data-testid={testIds.streamPanel.value} />
        <span ref={deltaRef} className={styles.delta} title="Change since the start of the window" />
      </div>
      {legend && <div className={styles.legend}>{legend}</div>}
      {hasChart && (
        <div className={styles.chart}>
          <canvas
            ref={canvasRef}
            onMouseMove={onMove}
            onMouseLeave={() => setTip(undefined)}
            aria-label={`${spec.title} over the window`}
          />
          {/* The annotations in the window (deploys among them): markers placed by the controller. */}
          <div ref={annotationsRef} className={styles.annotations} />
          {/* The slowest exemplar in the window: placed, filled in and linked by the controller. */}
          <a
            ref={exemplarRef}
            className={styles.exemplar}
            hidden
            data-testid={testIds.streamPanel.exemplar}
            aria-label={`Slowest exemplar of ${spec.title}`}
          >
            <span className={styles.exemplarDot} />
            <span ref={exemplarTextRef} className={styles.exemplarText} />
          </a>
          {tip && (
            <div className={styles.tooltip} style={{ left: Math.min(tip.x + 8, chartWidth - 120) }}>
              {tip.text}
            </div>
          )}
        </div>
      )}
      <div ref={noteRef} className={styles.note} />
    </div>
  );
});

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', overflow: 'auto' }),
  empty: css({ display: 'flex', flexDirection: 'column', justifyContent: 'center' }),
  grid: css({ display: 'grid', gap: 8 }),
  tile: css({
    position: 'relative',
    background: theme.colors.background.secondary,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.75, 1),
    minWidth: 0,
    overflow: 'hidden',
    display: 'flex',
    flexDirection: 'column',
  }),
  title: css({
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: '18px',
  }),
  name: css({ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', opacity: 0.85 }),
  stale: css({
    background: theme.colors.warning.main,
    color: theme.colors.warning.contrastText,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0, 0.5),
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  valueRow: css({ display: 'flex', alignItems: 'baseline', gap: theme.spacing(1) }),
  value: css({ fontWeight: theme.typography.fontWeightMedium, lineHeight: 1.25, whiteSpace: 'nowrap' }),
  delta: css({ fontSize: theme.typography.bodySmall.fontSize, opacity: 0.8, whiteSpace: 'nowrap' }),
  legend: css({ fontSize: theme.typography.bodySmall.fontSize, opacity: 0.7, lineHeight: '16px' }),
  chart: css({ position: 'relative', flex: 1, minHeight: 0 }),
  tooltip: css({
    position: 'absolute',
    top: 0,
    pointerEvents: 'none',
    background: theme.colors.background.elevated,
    border: `1px solid ${theme.colors.border.weak}`,
    color: theme.colors.text.primary,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0.25, 0.5),
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    boxShadow: theme.shadows.z2,
  }),
  // Each annotation is a thin dashed line at its time (a region: a shaded span), over the canvas.
  annotations: css({
    position: 'absolute',
    inset: 0,
    pointerEvents: 'none',
    '& > span': {
      position: 'absolute',
      top: 0,
      bottom: 0,
      left: -3,
      width: 7,
      pointerEvents: 'auto',
      cursor: 'default',
      '&[hidden]': { display: 'none' },
      '&::after': {
        content: '""',
        position: 'absolute',
        top: 0,
        bottom: 0,
        left: 3,
        borderLeft: '1px dashed var(--perfscope-mark)',
      },
      '&[data-region="true"]': { left: 0, background: 'var(--perfscope-mark)', opacity: 0.2 },
    },
  }),
  // The marker's box is its dot, centred on the exemplar's point (the controller translates it there).
  exemplar: css({
    position: 'absolute',
    left: -5,
    top: -5,
    width: 10,
    height: 10,
    color: theme.colors.text.primary,
    textDecoration: 'none',
    '&[hidden]': { display: 'none' },
    '&[href]:hover span:last-child': { textDecoration: 'underline' },
  }),
  exemplarDot: css({
    position: 'absolute',
    inset: 0,
    transform: 'rotate(45deg)',
    background: theme.colors.primary.main,
    border: `1px solid ${theme.colors.background.primary}`,
  }),
  exemplarText: css({
    position: 'absolute',
    top: -4,
    left: 14,
    maxWidth: 180,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    fontSize: 11,
    lineHeight: '16px',
    padding: theme.spacing(0, 0.5),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.elevated,
    border: `1px solid ${theme.colors.border.weak}`,
    '[data-side="left"] > &': { left: 'auto', right: 14 },
  }),
  note: css({ fontSize: 11, color: theme.colors.text.secondary, '&:empty': { display: 'none' } }),
  notes: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    padding: theme.spacing(0.5, 0),
  }),
});
