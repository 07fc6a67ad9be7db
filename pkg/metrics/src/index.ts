export * from './kit';
export * from './middleware';
export { OPENMETRICS_CONTENT_TYPE, prefersOpenMetrics, renderOpenMetrics } from './openMetrics';
export {
  EXEMPLAR_LABELS_MAX,
  SPAN_ID_LABEL,
  TRACE_ID_LABEL,
  type TraceRef,
  type TraceSource,
  traceProblem,
} from './trace';
