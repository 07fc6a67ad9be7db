import { describeSettingsError } from '../settings';
import { APP_DISABLED } from '../settings/appSettings';
import { namingProblem } from './naming';

describe('namingProblem', () => {
  it.each([
    [{ status: 404 }, 'The Perfscope app is not installed in this Grafana'],
    [{ status: 401 }, 'This user may not read the Perfscope app settings'],
    [{ status: 403 }, 'This user may not read the Perfscope app settings'],
    [APP_DISABLED, 'The Perfscope app is disabled in this organisation'],
    [{ status: 500 }, 'The Perfscope app settings could not be read'],
  ])('gives the reason the panels give for %p, then what catalog queries do instead', (error, reason) => {
    const { problem } = namingProblem(error);
    expect(problem?.startsWith(`${reason}: catalog queries use the instrumentation kit's metric names`)).toBe(true);
    expect(describeSettingsError(error).startsWith(`${reason}: showing the default thresholds.`)).toBe(true);
  });
});
