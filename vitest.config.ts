import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  // The specs import the package by its name, as a user would; in development that name is the source
  // (the package's exports point at dist/, which only `npm run build` makes). tsconfig.json says the same.
  resolve: { alias: [{ find: /^handover-sim$/, replacement: fileURLToPath(new URL('./index.ts', import.meta.url)) }] },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Every step a transition table answers is recomputed by the machine and compared (machines/platform/transition-table.ts).
    env: { HANDOVER_SIM_VERIFY_MEMO: '1' },
    projects: [
      { extends: true, test: { name: 'specs', include: ['specs/**/*.spec.ts'], exclude: [...configDefaults.exclude, 'specs/package/**'] } },
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
