import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The specs import the package by its name, as a user would; in development that name is the source
  // (the package's exports point at dist/, which only `npm run build` makes). tsconfig.json says the same.
  resolve: { alias: [{ find: /^handover-sim$/, replacement: fileURLToPath(new URL('./index.ts', import.meta.url)) }] },
  test: {
    include: ['specs/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Every remembered app-machine step is recomputed and compared (simulator/runtime/step-memo.ts).
    env: { HANDOVER_SIM_VERIFY_MEMO: '1' },
  },
});
