import {
  FLEET_SIGNALS,
  type LabelMatcher,
  type PerfscopeSettings,
  SECTIONS,
  dashboardPath,
  serviceLabelOf,
} from '@perfscope/catalog';
import type { Query } from '../../datasource/types';

/** The label filter that keeps one service's series, on the settings' service label. */
export function serviceMatcher(service: string, settings: PerfscopeSettings | undefined): LabelMatcher[] {
  return [{ label: serviceLabelOf(settings), op: '=', value: service }];
}

/** The service's health score: every health component of the service alone (a Health query with its filter). */
export function serviceHealthQueries(service: string, settings: PerfscopeSettings | undefined): Query[] {
  return [{ refId: 'H', mode: 'health', filters: serviceMatcher(service, settings), stream: true, pollSeconds: 15 }];
}

/** The service's live tiles: the fleet signals (request rate, error rate, p95, Apdex) of the service alone. */
export function serviceLiveQueries(service: string, settings: PerfscopeSettings | undefined): Query[] {
  return FLEET_SIGNALS.map((signal) => ({
    refId: signal,
    mode: 'signal',
    signal,
    filters: serviceMatcher(service, settings),
    stream: true,
    pollSeconds: 5,
    // The tiles draw values and sparklines, no exemplars: the datasource need not fetch them.
    exemplars: false,
  }));
}

/** Every Perfscope dashboard with the service picked (each has the `service` variable). */
export function serviceDashboardLinks(service: string): Array<{ id: string; title: string; href: string }> {
  return SECTIONS.map((s) => ({
    id: s.id,
    title: s.title,
    href: `${dashboardPath(s)}?var-service=${encodeURIComponent(service)}`,
  }));
}
