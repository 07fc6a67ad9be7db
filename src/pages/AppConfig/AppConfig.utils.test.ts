import { PluginType, type AppPluginMeta } from '@grafana/data';
import { describeSaveError, settingsPayload } from './AppConfig.utils';
import type { AppSettings } from '../../types';

const meta = {
  id: 'perfscope-monitoring-app',
  name: 'Perfscope',
  type: PluginType.app,
  enabled: false,
  jsonData: { prefix: 'shop_' },
} as unknown as AppPluginMeta<AppSettings>;

describe('settingsPayload', () => {
  it('sends the whole jsonData with the new enabled state', () => {
    expect(settingsPayload(meta, true)).toEqual({ enabled: true, pinned: true, jsonData: { prefix: 'shop_' } });
    expect(settingsPayload({ ...meta, jsonData: undefined }, false)).toEqual({
      enabled: false,
      pinned: false,
      jsonData: {},
    });
  });
});

describe('describeSaveError', () => {
  it.each([
    [{ status: 403 }, /needs the Grafana Admin role/],
    [{ status: 401 }, /needs the Grafana Admin role/],
    [{ status: 404 }, /does not know the Perfscope app/],
    [{ status: 400, data: { message: 'bad jsonData' } }, /Grafana refused the settings: bad jsonData/],
    [new Error('socket hang up'), /could not be saved: socket hang up/],
    [undefined, /Check your connection/],
  ])('explains %p', (error, message) => {
    expect(describeSaveError(error)).toMatch(message);
  });
});
