import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { ORIGIN, ORIGIN_LABEL } from '../AppConfig/ruleSync';

export interface FiringAlert {
  name: string;
  severity: string;
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

/** Perfscope's firing alerts from an answer of Grafana's alert list, critical first. */
export function perfscopeFiring(alerts: readonly GrafanaAlert[]): FiringAlert[] {
  return alerts
    .filter((a) => a.labels?.[ORIGIN_LABEL] === ORIGIN && /^(firing|alerting)$/i.test(a.state ?? ''))
    .map((a) => ({
      name: a.labels?.alertname ?? 'alert',
      severity: a.labels?.severity ?? 'unknown',
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
