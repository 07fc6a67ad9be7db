import { of, throwError } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';
import {
  announceAppSettings,
  describeSettingsError,
  loadAppSettings,
  onAppSettingsChanged,
  saveAppSettings,
} from './appSettings';

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

describe('the settings of a disabled app', () => {
  it('are refused: Grafana answers 200 with enabled false (pkg/api/plugins.go GetPluginSettingByID)', async () => {
    const fetch = jest.fn().mockReturnValue(of({ data: { enabled: false, jsonData: { prefix: 'old_' } } }));
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    const error = await loadAppSettings(true).catch((e: unknown) => e);
    expect(describeSettingsError(error)).toMatch(/^The Perfscope app is disabled in this organisation/);
  });
});

describe('saveAppSettings', () => {
  it('sends enabled, pinned and the whole jsonData, which Grafana replaces, and serves them from then on', async () => {
    const fetch = jest.fn().mockReturnValue(of({ data: { message: 'Plugin settings updated' } }));
    jest.mocked(getBackendSrv).mockReturnValue({ fetch } as never);
    await saveAppSettings({ enabled: true, pinned: true, jsonData: { prefix: 'shop_' } });
    expect(fetch.mock.calls[0][0]).toMatchObject({
      method: 'POST',
      url: '/api/plugins/perfscope-monitoring-app/settings',
      data: { enabled: true, pinned: true, jsonData: { prefix: 'shop_' } },
    });
    await expect(loadAppSettings()).resolves.toEqual({ prefix: 'shop_' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('describeSettingsError', () => {
  it('says why and that defaults apply', () => {
    expect(describeSettingsError({ status: 404 })).toMatch(/not installed.*default thresholds/);
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
