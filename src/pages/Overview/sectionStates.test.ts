import { toDataFrame } from '@grafana/data';
import { SECTION_SIGNALS, sectionStates } from './sectionStates';
import type { FiringAlert } from './firingAlerts';

const frame = (signal: string, values: Array<number | null>, labels: Record<string, string> = {}) =>
  toDataFrame({
    refId: signal,
    fields: [
      { name: 'Time', type: 'time', values: values.map((_, i) => 1_700_000_000_000 + i * 15_000) },
      { name: 'Value', type: 'number', values, labels },
    ],
  });

/** Every section signal at a healthy value, with `overrides`. */
function frames(overrides: Record<string, Array<number | null>> = {}) {
  const healthy: Record<string, number> = {
    http_latency_p95: 0.3,
    http_error_rate: 0.001,
    // As last week, and where it usually is for this hour of the week.
    http_latency_p95_wow: 0.02,
    http_error_rate_wow: -0.1,
    http_latency_p95_anomaly: 0.4,
    http_error_rate_anomaly: -0.5,
    error_budget_burn_rate: 0.5,
    rate_limited_rate: 0,
    db_query_avg: 0.02,
    db_slow_query_rate: 0,
    db_up: 1,
    cache_hit_ratio: 0.95,
    audio_stream_error_rate: 0.01,
    audio_buffer_ratio_p90: 2,
    upload_avg_time: 3,
    websocket_error_rate: 0.01,
    system_load1: 1,
    web_vitals_lcp_p75: 1.2,
    web_vitals_inp_p75: 0.1,
    web_vitals_cls_p75: 0.02,
  };
  return SECTION_SIGNALS.map((s) => frame(s.id, overrides[s.id] ?? [healthy[s.id], healthy[s.id]]));
}

const alert = (area: string, severity: string): FiringAlert => ({ name: 'x', severity, state: 'firing', area });

describe('sectionStates', () => {
  it('is OK where every signal is inside its levels, and names no worst signal to fear', () => {
    const states = sectionStates(frames(), undefined);
    expect([...states.keys()].sort()).toEqual(['cache', 'database', 'audio', 'http', 'realtime', 'webvitals'].sort());
    for (const state of states.values()) {
      expect(state).toMatchObject({ status: 'ok', noData: 0, firing: 0 });
    }
  });

  it('takes the worst signal of the section at its latest value, against the admin thresholds', () => {
    // The rate-limited rate belongs to HTTP; the latest point decides (the earlier spike is over).
    const states = sectionStates(frames({ rate_limited_rate: [9, 2], http_error_rate: [0.2, 0.06] }), {
      signals: { rate_limited_rate: { warning: 3, critical: 8 } },
    });
    expect(states.get('http')).toMatchObject({ status: 'warning', worst: { title: 'HTTP error rate', text: '6%' } });
    expect(states.get('database')?.status).toBe('ok');
    const down = sectionStates(frames({ db_up: [1, 0] }), undefined).get('database');
    expect(down).toMatchObject({ status: 'critical', worst: { title: 'DB connections up', text: 'down' } });
  });

  it('reads a missing signal as No data, never as a healthy value', () => {
    const state = sectionStates(frames({ web_vitals_inp_p75: [null, NaN] }), undefined).get('webvitals');
    expect(state).toMatchObject({
      status: 'no-data',
      noData: 1,
      worst: { title: expect.stringMatching(/^Interaction/), text: 'No data' },
    });
    const none = sectionStates([], undefined).get('cache');
    expect(none).toMatchObject({ status: 'no-data', noData: 1 });
  });

  it("counts the firing alerts of the section's areas", () => {
    const states = sectionStates(frames(), undefined, [
      alert('ratelimit', 'warning'),
      alert('http', 'critical'),
      alert('websocket', 'critical'),
      alert('unknown', 'critical'),
    ]);
    expect(states.get('http')).toMatchObject({ firing: 2, critical: 1 });
    expect(states.get('realtime')).toMatchObject({ firing: 1, critical: 1 });
    expect(states.get('cache')).toMatchObject({ firing: 0 });
  });
});
