import { APP_BASE_URL, SECTIONS, type SectionDef } from '@perfscope/catalog';

export enum ROUTES {
  Overview = 'overview',
  Services = 'services',
  Service = 'service',
  Slo = 'slo',
  Area = 'area',
}

/** The sections with an area page (all but the Overview), in the catalog's order. */
export const AREA_SECTIONS: readonly SectionDef[] = SECTIONS.filter((s) => s.page === `${ROUTES.Area}/${s.id}`);

/** Link to a page of the app. */
export function getRoute(route: ROUTES, sub?: string): string {
  return `${APP_BASE_URL}/${route}${sub ? `/${sub}` : ''}`;
}
