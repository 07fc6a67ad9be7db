import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { GRAFANA_ORIGIN_LABEL, ORIGIN } from '@perfscope/catalog';

export interface FiringAlert {
  name: string;
  severity: string;
  /** Firing, or its rule cannot be evaluated (Grafana's "Error" state: the query fails). */
  state: 'firing' | 'error';
  /** Why, as Grafana says it: "NoData", "Error", … (the part in brackets of "Alerting (NoData)"). */
  reason?: string;
  area: string;
  since?: string;
  summary?: string;
}

interface GrafanaAlert {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  state?: string;
  activeAt?: string;
}

/**
 * An alert instance's state as Grafana writes it: eval.State's name, then the reason in brackets
 * when there is one — "Alerting", "Alerting (NoData)", "Alerting (Error)", "Pending", "Normal
 * (MissingSeries)", "Error" (pkg/services/ngalert/state/state.go FormatStateAndReason).
 */
export function parseAlertState(text: string | undefined): { state: string; reason?: string } {
  const match = /^\s*(\w+)(?:\s*\(([^)]*)\))?\s*$/.exec(text ?? '');
  return match ? { state: match[1], reason: match[2]?.trim() || undefined } : { state: '' };
}

/** Perfscope's firing alerts (and rules in error) from an answer of Grafana's alert list, critical first. */
export function perfscopeFiring(alerts: readonly GrafanaAlert[]): FiringAlert[] {
  return alerts
    .filter((a) => a.labels?.[GRAFANA_ORIGIN_LABEL] === ORIGIN)
    .flatMap((a) => {
      const { state, reason } = parseAlertState(a.state);
      const kind = state === 'Alerting' ? 'firing' : state === 'Error' ? 'error' : undefined;
      return kind ? [{ alert: a, state: kind, reason } as const] : [];
    })
    .map(({ alert: a, state, reason }) => ({
      name: a.labels?.alertname ?? 'alert',
      severity: a.labels?.severity ?? 'unknown',
      state,
      reason,
      area: a.labels?.area ?? '',
      since: a.activeAt,
      summary: a.annotations?.summary,
    }))
    .sort(
      (a, b) => Number(b.severity === 'critical') - Number(a.severity === 'critical') || a.name.localeCompare(b.name)
    );
}

/** Grafana-managed alerts that are firing now, Perfscope's only. */
export async function loadFiringAlerts(): Promise<FiringAlert[]> {
  const response = await lastValueFrom(
    getBackendSrv().fetch<{ data?: { alerts?: GrafanaAlert[] } }>({
      url: '/api/prometheus/grafana/api/v1/alerts',
      method: 'GET',
      showErrorAlert: false,
    })
  );
  return perfscopeFiring(response.data?.data?.alerts ?? []);
}
