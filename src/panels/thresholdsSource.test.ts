import { thresholdsSourceChoices, thresholdsSourceDescription } from './thresholdsSource';

describe('thresholds source', () => {
  it('names each choice the same way in every panel', () => {
    expect(thresholdsSourceChoices(['app', 'auto']).map((c) => [c.value, c.label])).toEqual([
      ['app', 'App settings'],
      ['auto', 'Auto'],
    ]);
    expect(thresholdsSourceChoices(['auto', 'panel', 'app', 'none']).map((c) => c.label)).toEqual([
      'Auto',
      'Panel',
      'App settings',
      'None',
    ]);
  });

  it("describes only the panel's choices, with where its own values are set", () => {
    const text = thresholdsSourceDescription(['app', 'auto'], 'per component below');
    expect(text).toBe(
      "App settings: the levels of the Perfscope app configuration, the ones the alerts use (Perfscope's defaults until an admin changes them). Auto: this panel's values (per component below) where set, the app settings' elsewhere."
    );
    expect(text).not.toContain('None');
  });
});
