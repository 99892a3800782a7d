import { defineConfig } from 'vitest/config';

const include = ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'test/**/*.test.ts', 'dashboard/**/*.test.ts', 'widget/**/*.test.ts'];
// Files that replace a module with vi.mock need a module graph of their own.
const needsIsolation = ['server/platform/auth/constant-time.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    // Each file boots its own Baton (WASM Postgres or a cloned database): give it room.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll's own default is 1 s: too short for a job, a socket or a browser on a loaded CI machine.
    expect: { poll: { timeout: 20_000 } },
    // Up to two retries for a test that lost a timing race on a loaded runner; a real regression
    // fails all three tries, and test/flaky-reporter.ts names every test that needed a retry.
    retry: 2,
    reporters: ['default', './test/flaky-reporter.ts'],
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      // A worker keeps the server's modules loaded from one file to the next: loading them again
      // for every file was a fifth of the run. Each file still boots its own Baton and database.
      { extends: true, test: { name: 'shared', include, exclude: needsIsolation, isolate: false } },
      { extends: true, test: { name: 'isolated', include: needsIsolation, isolate: true } },
    ],
  },
});
