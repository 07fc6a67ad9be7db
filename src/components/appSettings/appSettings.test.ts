import { of, throwError } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import { announceAppSettings, describeSettingsError, loadAppSettings, onAppSettingsChanged } from './appSettings';

jest.mock('@grafana/runtime', () => ({ ...jest.requireActual('@grafana/runtime'), getBackendSrv: jest.fn() }));

describe('loadAppSettings', () => {
  it('reads the jsonData once and shares it until refreshed', async () => {
    const fetch = jest.fn().mockReturnValue(of({ data: { jsonData: { prefix: 'shop_' } } }));
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    await expect(loadAppSettings(true)).resolves.toEqual({ prefix: 'shop_' });
    await loadAppSettings();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0][0]).toMatchObject({ url: '/api/plugins/perfscope-monitoring-app/settings' });
  });

  it('does not keep a failure', async () => {
    const fetch = jest
      .fn()
      .mockReturnValueOnce(throwError(() => ({ status: 500 })))
      .mockReturnValueOnce(of({ data: {} }));
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    await expect(loadAppSettings(true)).rejects.toEqual({ status: 500 });
    await new Promise((r) => setTimeout(r, 0));
    await expect(loadAppSettings()).resolves.toEqual({});
  });
});

describe('describeSettingsError', () => {
  it('says why and that defaults apply', () => {
    expect(describeSettingsError({ status: 404 })).toMatch(/not enabled.*default thresholds/);
    expect(describeSettingsError({ status: 403 })).toMatch(/may not read/);
  });
});

describe('announceAppSettings', () => {
  it('reaches listeners and becomes what the next load returns, without a request', async () => {
    const fetch = jest.fn();
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    const seen: unknown[] = [];
    const unsubscribe = onAppSettingsChanged((s) => seen.push(s));
    announceAppSettings({ prefix: 'new_' });
    unsubscribe();
    announceAppSettings({ prefix: 'later_' });
    expect(seen).toEqual([{ prefix: 'new_' }]);
    await expect(loadAppSettings()).resolves.toEqual({ prefix: 'later_' });
    expect(fetch).not.toHaveBeenCalled();
  });
});
