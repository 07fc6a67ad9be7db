import {
  AREAS,
  AREA_TITLES,
  HEALTH_ONLY_SIGNALS,
  SECTIONS,
  SIGNALS,
  type SignalDef,
  appPagePath,
  areaDashboardPath,
  areasOf,
  getSection,
  runbookPath,
  sectionOf,
  thresholdPanelId,
} from '.';

const all = [...(SIGNALS as readonly SignalDef[]), ...HEALTH_ONLY_SIGNALS];

describe('areas and sections', () => {
  it('give every signal an area, every area a section, and every section its areas', () => {
    for (const signal of all) {
      expect(AREA_TITLES[signal.area]).toBeTruthy();
      expect(sectionOf(signal.area)).toBeDefined();
    }
    expect(SECTIONS.flatMap((s) => areasOf(s.id)).sort()).toEqual(AREAS.map((a) => a.id).sort());
    expect(new Set(SECTIONS.map((s) => s.dashboardUid)).size).toBe(SECTIONS.length);
    expect(new Set(SECTIONS.map((s) => s.dashboardFile)).size).toBe(SECTIONS.length);
  });

  it('show rate limiting with HTTP, its dashboard and its page alike', () => {
    expect(sectionOf('ratelimit').id).toBe('http');
    expect(areaDashboardPath('ratelimit')).toBe('/d/perfscope-http');
    expect(appPagePath(sectionOf('ratelimit'))).toBe('/a/perfscope-monitoring-app/area/http');
  });

  it('name the known sections when asked for an unknown one', () => {
    expect(() => getSection('billing')).toThrow(/Unknown section "billing": known sections are overview, slo, http/);
  });
});

describe('runbook links', () => {
  it("point at a threshold panel id of the signal's own, six digits, the same for every build", () => {
    const ids = all.map((s) => thresholdPanelId(s.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toBeGreaterThanOrEqual(100_000);
      expect(id).toBeLessThan(1_000_000);
    }
    // Derived from the id alone: links in notifications already sent keep working after any other change.
    expect(thresholdPanelId('http_error_rate')).toBe(191015);
    expect(runbookPath(SIGNALS.find((s) => s.id === 'http_error_rate')!)).toBe(
      `/d/perfscope-http?viewPanel=panel-${thresholdPanelId('http_error_rate')}`
    );
  });
});
