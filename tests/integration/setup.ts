// Integration suites start real processes: give each test up to two minutes unless it says otherwise.
jest.setTimeout(120_000);
