import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['specs/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Every remembered app-machine step is recomputed and compared (simulator/runtime/step-memo.ts).
    env: { HANDOVER_SIM_VERIFY_MEMO: '1' },
  },
});
