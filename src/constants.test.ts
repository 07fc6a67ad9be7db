import { SECTIONS, appPagePath } from '@perfscope/catalog';
import { AREA_SECTIONS, ROUTES, getRoute } from './constants';

describe('app routes', () => {
  it("serve every section's page: the Overview, the Objectives, and an area page for each other section", () => {
    const routed = [
      getRoute(ROUTES.Overview),
      getRoute(ROUTES.Slo),
      ...AREA_SECTIONS.map((s) => getRoute(ROUTES.Area, s.id)),
    ];
    expect(SECTIONS.map(appPagePath).sort()).toEqual(routed.sort());
    expect(AREA_SECTIONS.map((s) => s.id)).not.toContain('overview');
  });
});
