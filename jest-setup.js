// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// Page tests render Grafana's own widgets (Combobox, the config page): over a second each alone,
// several on a busy machine. The limit is for a test that hangs, not a speed goal.
jest.setTimeout(20_000);

// @grafana/ui measures text on a canvas (Combobox widths); jsdom has no canvas, and the scaffold's
// stub returns nothing. Give components a context whose measureText answers in proportion to length.
HTMLCanvasElement.prototype.getContext = () => ({
  font: '',
  measureText: (text) => ({ width: String(text).length * 7 }),
});

// jsdom has no IntersectionObserver (the Combobox menu and off-screen pausing use it): a minimal
// one that reports every observed element as visible.
if (typeof window !== 'undefined' && !window.IntersectionObserver) {
  window.IntersectionObserver = class {
    constructor(callback) {
      this.callback = callback;
    }
    observe(target) {
      this.callback([{ target, isIntersecting: true, intersectionRatio: 1 }], this);
    }
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  };
}
