import { useCallback, useRef, useState } from 'react';
import { getDataSourceSrv } from '@grafana/runtime';
import { type Detection, type PrometheusReader, detect } from '@perfscope/catalog';

export interface DetectionState {
  running: boolean;
  /** What is being read now, for the progress line. */
  step?: string;
  result?: Detection;
  error?: string;
  /** Reads the server behind the Perfscope datasource: metric names, the candidates' labels, each signal. */
  run(datasourceUid: string, match?: string): Promise<void>;
}

/** A reader that says which step it is on. */
function withProgress(reader: PrometheusReader, onStep: (step: string) => void): PrometheusReader {
  let queries = 0;
  return {
    metricNames: (match) => {
      onStep('Reading the metric names…');
      return reader.metricNames(match);
    },
    labelNames: (metric, match) => {
      onStep(`Reading the labels of ${metric}…`);
      return reader.labelNames(metric, match);
    },
    query: (expr) => {
      onStep(`Querying the signals (${++queries})…`);
      return reader.query(expr);
    },
  };
}

/** Naming detection on the configuration page, through the Perfscope datasource (its route to Prometheus). */
export function useDetection(): DetectionState {
  const [running, setRunning] = useState(false);
  const [step, setStep] = useState<string>();
  const [result, setResult] = useState<Detection>();
  const [error, setError] = useState<string>();
  // A newer run supersedes an older one still answering.
  const latest = useRef(0);

  const run = useCallback(async (datasourceUid: string, match?: string) => {
    const id = ++latest.current;
    setRunning(true);
    setError(undefined);
    setResult(undefined);
    try {
      const ds = (await getDataSourceSrv().get({ uid: datasourceUid })) as unknown as {
        prometheusReader?: () => PrometheusReader;
      };
      if (typeof ds.prometheusReader !== 'function') {
        throw new Error('The chosen datasource is not a Perfscope datasource: choose one under Datasources.');
      }
      const found = await detect(
        withProgress(ds.prometheusReader(), (s) => id === latest.current && setStep(s)),
        match
      );
      if (id === latest.current) {
        setResult(found);
      }
    } catch (e) {
      if (id === latest.current) {
        setError(`Detection failed: ${(e as Error).message ?? String(e)}`);
      }
    } finally {
      if (id === latest.current) {
        setRunning(false);
        setStep(undefined);
      }
    }
  }, []);

  return { running, step, result, error, run };
}
