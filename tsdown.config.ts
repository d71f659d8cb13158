import { defineConfig } from 'tsdown';

/**
 * `npm run build` (and `prepack`): the package people install runs compiled JavaScript; the development
 * flow keeps running the TypeScript through tsx and vitest, with no build step.
 *
 * One flat dist/, so that every chunk finds the assets copied beside it
 * (`new URL('./inspector.html', import.meta.url)`; in the CommonJS build Rolldown turns import.meta.url into
 * the file URL of __filename by itself). The ESM build also gets source maps, the sources inlined:
 * - the library (`index.ts`) as ESM and CommonJS, each with its own declarations and declaration maps
 *   (index.d.mts / index.d.cts), so jest, mocha and `require()` load it with no loader;
 * - the command line (`simulator/cli.ts`) as ESM only, sharing the library's chunks: it awaits at top level
 *   and is never required. Each command's code is a chunk of its own, loaded when the command runs;
 * - the crowd's shard worker (`simulator/crowd-shard.worker.ts`), ESM only, beside them.
 */
export default defineConfig({
  // The crowd's worker threads load their module by its own URL (simulator/crowd-run.ts): an entry of its own.
  entry: { index: 'index.ts', 'handover-sim': 'simulator/cli.ts', 'crowd-shard.worker': 'simulator/crowd-shard.worker.ts' },
  format: {
    esm: {},
    cjs: { entry: { index: 'index.ts' } },
  },
  platform: 'node',
  // The crowd bundles its worker with esbuild only when it runs from the TypeScript source (simulator/crowd-run.ts);
  // the built package never does, and esbuild's API cannot be bundled anyway.
  deps: { neverBundle: ['esbuild'] },
  target: 'node20.19',
  outDir: 'dist',
  dts: { sourcemap: true },
  copy: [{ from: 'fake-graph-api/inspector/inspector.html', to: 'dist' }],
  checks: { legacyCjs: false },
});
