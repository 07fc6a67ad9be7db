import { TextDecoder, TextEncoder } from 'util';

// Integration suites start real processes: give each test up to two minutes unless it says otherwise.
jest.setTimeout(120_000);

// Suites that run browser code under jsdom need what the scaffold's jest setup provides too.
if (typeof globalThis.TextEncoder === 'undefined') {
  Object.assign(globalThis, { TextEncoder, TextDecoder });
}
if (typeof window !== 'undefined' && typeof window.matchMedia === 'undefined') {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}
