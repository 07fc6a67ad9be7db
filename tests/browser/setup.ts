// Browser suites start Prometheus, a server and Chromium: give each test up to three minutes unless it says otherwise.
jest.setTimeout(180_000);
