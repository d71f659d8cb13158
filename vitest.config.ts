import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

/** The specs that replace a module with vi.mock: each must load the project afresh. */
const MOCKS_MODULES = ['specs/conformance/crash-points-planted.spec.ts', 'specs/fake-graph-api/reliability/hostile-property-planted.spec.ts'];

export default defineConfig({
  // The specs import the package by its name, as a user would; in development that name is the source
  // (the package's exports point at dist/, which only `npm run build` makes). tsconfig.json says the same.
  resolve: { alias: [{ find: /^handover-sim$/, replacement: fileURLToPath(new URL('./index.ts', import.meta.url)) }] },
  test: {
    // Most specs wait on sockets, bots and quiet periods rather than compute: on 2 cores, 3 workers keep both busy.
    maxWorkers: 3,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Every step a transition table answers is recomputed by the machine and compared (machines/platform/transition-table.ts).
    env: { HANDOVER_SIM_VERIFY_MEMO: '1' },
    projects: [
      // The specs share each worker's loaded modules (isolate: false): importing the platform, the machines and
      // express again for each of a hundred files cost half the suite's CPU. A spec that replaces a module
      // (vi.mock) needs a fresh module graph, so it runs in a project of its own that isolates each file.
      { extends: true, test: { name: 'specs', include: ['specs/**/*.spec.ts'], exclude: [...configDefaults.exclude, 'specs/package/**', ...MOCKS_MODULES], isolate: false } },
      { extends: true, test: { name: 'isolated', include: MOCKS_MODULES } },
      // The packaging specs run npm, tsc, jest, vitest, mocha and the installed docs' commands: on a shared
      // machine they would starve the timed specs beside them, so they run after them, on their own. The one
      // build, pack and install they share starts with the run, at the lowest CPU priority (global-setup.ts).
      {
        extends: true,
        test: { name: 'package', include: ['specs/package/**/*.spec.ts'], sequence: { groupOrder: 1 }, globalSetup: ['specs/package/global-setup.ts'] },
      },
    ],
  },
});
