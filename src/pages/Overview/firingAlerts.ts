import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { DEFAULT_SERVICE_LABEL, GRAFANA_ORIGIN_LABEL, ORIGIN } from '@perfscope/catalog';

export interface FiringAlert {
  name: string;
  severity: string;
  /** Firing, or its rule cannot be evaluated (Grafana's "Error" state: the query fails). */
  state: 'firing' | 'error';
  /** Why, as Grafana says it: "NoData", "Error", … (the part in brackets of "Alerting (NoData)"). */
  reason?: string;
  area: string;
  /** The service the instance is about (its service label); none for a rule over every service. */
  service?: string;
  since?: string;
  summary?: string;
  /** The instance's labels as Grafana lists them (a silence matches on them). */
  labels?: Record<string, string>;
  /** The label that names the service (`service` is its value). */
  serviceLabel?: string;
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
export function perfscopeFiring(
  alerts: readonly GrafanaAlert[],
  serviceLabel: string = DEFAULT_SERVICE_LABEL
): FiringAlert[] {
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
      service: a.labels?.[serviceLabel],
      since: a.activeAt,
      summary: a.annotations?.summary,
      labels: a.labels,
      serviceLabel,
    }))
    .sort(
      (a, b) => Number(b.severity === 'critical') - Number(a.severity === 'critical') || a.name.localeCompare(b.name)
    );
}

/** The services with firing alerts, most critical alerts first, then most alerts; alerts of no service last. */
export function firingByService(
  alerts: readonly FiringAlert[]
): Array<{ service?: string; alerts: FiringAlert[]; critical: number }> {
  const groups = new Map<string | undefined, FiringAlert[]>();
  for (const a of alerts) {
    groups.set(a.service, [...(groups.get(a.service) ?? []), a]);
  }
  return [...groups.entries()]
    .map(([service, list]) => ({
      service,
      alerts: list,
      critical: list.filter((a) => a.severity === 'critical').length,
    }))
    .sort(
      (a, b) =>
        Number(a.service === undefined) - Number(b.service === undefined) ||
        b.critical - a.critical ||
        b.alerts.length - a.alerts.length ||
        (a.service ?? '').localeCompare(b.service ?? '')
    );
}

/** Grafana-managed alerts that are firing now, Perfscope's only, each with its service. */
export async function loadFiringAlerts(serviceLabel?: string): Promise<FiringAlert[]> {
  const response = await lastValueFrom(
    getBackendSrv().fetch<{ data?: { alerts?: GrafanaAlert[] } }>({
      url: '/api/prometheus/grafana/api/v1/alerts',
      method: 'GET',
      showErrorAlert: false,
    })
  );
  return perfscopeFiring(response.data?.data?.alerts ?? [], serviceLabel);
}
