import { getSection } from '@perfscope/catalog';
import { dashboardsFor } from '.';

type Json = Record<string, any>;

const http = (settings: Parameters<typeof dashboardsFor>[0]) =>
  dashboardsFor(settings).find(({ dashboard }) => dashboard.uid === getSection('http').dashboardUid)!.dashboard as Json;
const exprs = (d: Json): string[] => d.panels.flatMap((p: Json) => (p.targets ?? []).map((t: Json) => t.expr));

describe('the dashboards for the settings', () => {
  it('pick services by the service label of the settings, job by default', () => {
    for (const [settings, label] of [
      [undefined, 'job'],
      [{ serviceLabel: 'service_name' }, 'service_name'],
    ] as const) {
      const board = http(settings);
      const variables = board.templating.list as Json[];
      const service = variables.find((v) => v.name === 'service')!;
      expect(service).toMatchObject({ label: 'Service', multi: true, includeAll: true });
      expect(service.query).toMatch(
        new RegExp(`^label_values\\(\\{__name__=~".*http_requests_total.*"\\}, ${label}\\)$`)
      );
      // The other pickers list values of the chosen services only.
      expect(variables.find((v) => v.name === 'route')!.query).toContain(`{${label}=~"$service"}`);
      const all = exprs(board);
      expect(all.length).toBeGreaterThan(10);
      expect(all.every((e) => e.includes(`${label}=~"$service"`))).toBe(true);
    }
  });

  it("have Perfscope's panels judge by the picked service's own levels", () => {
    const overview = dashboardsFor(undefined).find(
      ({ dashboard }) => dashboard.uid === getSection('overview').dashboardUid
    )!.dashboard as Json;
    const panels = (overview.panels as Json[]).filter((p) => String(p.type).startsWith('perfscope-'));
    expect(panels.map((p) => p.type).sort()).toEqual(['perfscope-healthscore-panel', 'perfscope-stream-panel']);
    expect(panels.every((p) => p.options.service === '$service')).toBe(true);
  });
});
