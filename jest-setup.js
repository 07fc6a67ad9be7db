// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

// @grafana/ui measures text on a canvas (Combobox widths); jsdom has no canvas, and the scaffold's
// stub returns nothing. Give components a context whose measureText answers in proportion to length.
HTMLCanvasElement.prototype.getContext = () => ({
  font: '',
  measureText: (text) => ({ width: String(text).length * 7 }),
});
