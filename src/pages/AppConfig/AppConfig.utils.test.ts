import { describeSaveError } from './AppConfig.utils';

describe('describeSaveError', () => {
  it.each([
    [{ status: 403 }, /needs the Admin role in this organisation/],
    [{ status: 401 }, /needs the Admin role in this organisation/],
    [{ status: 404 }, /does not know the Perfscope app/],
    [{ status: 400, data: { message: 'bad jsonData' } }, /Grafana refused the settings: bad jsonData/],
    [new Error('socket hang up'), /could not be saved: socket hang up/],
    [undefined, /Check your connection/],
  ])('explains %p', (error, message) => {
    expect(describeSaveError(error)).toMatch(message);
  });
});
