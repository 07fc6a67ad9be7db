import { panelService } from './serviceLevels';

/** Grafana's template service as a panel's replaceVariables sees it, for one variable. */
const replacing = (value: string) => (text: string) => text.replace(/\$service|\$\{service\}/g, value);

describe('panelService', () => {
  it('names the one service a picker selects, or the one written in the option', () => {
    expect(panelService('$service', replacing('checkout'))).toBe('checkout');
    expect(panelService('${service}', replacing('api.v2'))).toBe('api.v2');
    expect(panelService(' checkout ', replacing('x'))).toBe('checkout');
  });

  it('keeps the settings levels for several services, All, an unknown variable or nothing', () => {
    expect(panelService('$service', replacing('{checkout,search}'))).toBeUndefined();
    expect(panelService('$service', replacing('(checkout|search)'))).toBeUndefined();
    expect(panelService('$service', replacing('.*'))).toBeUndefined();
    expect(panelService('$service', replacing('$__all'))).toBeUndefined();
    expect(panelService('$other', replacing('checkout'))).toBeUndefined();
    expect(panelService('', replacing('checkout'))).toBeUndefined();
    expect(panelService(undefined, replacing('checkout'))).toBeUndefined();
    expect(panelService('$service', replacing(''))).toBeUndefined();
  });
});
