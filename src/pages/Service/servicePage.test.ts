import { FLEET_SIGNALS, SECTIONS, buildPromQL, getSignal } from '@perfscope/catalog';
import { wantsExemplars } from '../../datasource/exemplars';
import { serviceDashboardLinks, serviceHealthQueries, serviceLiveQueries } from './servicePage';

describe('the Service page', () => {
  it("asks for the health components and live signals of the one service, on the settings' service label", () => {
    const [health] = serviceHealthQueries('checkout', { serviceLabel: 'service_name' });
    expect(health).toMatchObject({
      mode: 'health',
      stream: true,
      filters: [{ label: 'service_name', op: '=', value: 'checkout' }],
    });
    const live = serviceLiveQueries('checkout', undefined);
    expect(live.map((q) => q.signal)).toEqual([...FLEET_SIGNALS]);
    expect(live.every((q) => q.filters?.[0]?.label === 'job' && q.filters[0].value === 'checkout')).toBe(true);
  });

  it('fetches no exemplars for its tiles, which draw none (p95 among them)', () => {
    const live = serviceLiveQueries('checkout', undefined);
    const wants = (q: (typeof live)[number]) => wantsExemplars(q, getSignal(q.signal!), buildPromQL(q.signal!));
    expect(live.map(wants)).toEqual(live.map(() => false));
    // Left to the default, the p95 tile would fetch them.
    const p95 = live.find((q) => q.signal === 'http_latency_p95')!;
    expect(wants({ ...p95, exemplars: undefined })).toBe(true);
  });

  it('links every dashboard with the service picked, its name escaped', () => {
    const links = serviceDashboardLinks('api v2/beta');
    expect(links.map((l) => l.id)).toEqual(SECTIONS.map((s) => s.id));
    expect(links.find((l) => l.id === 'http')!.href).toBe('/d/perfscope-http?var-service=api%20v2%2Fbeta');
  });
});
