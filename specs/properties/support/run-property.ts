import fc from 'fast-check';

/**
 * Runs a property the way every spec here does: a random seed by default (printed on failure), a fixed
 * number of runs scaled by HANDOVER_SIM_DEPTH (`npm run test:deep` sets 10), and a one-line command that
 * replays a failure in a fresh process (fast-check's command replay needs `replayPath` as well as seed and
 * path, and must not follow a failed replay in the same process: tooling.md §4).
 */
export const DEPTH = Number(process.env['HANDOVER_SIM_DEPTH'] ?? '1');

export interface Replay {
  seed: number;
  path: string;
  replayPath?: string;
}

/** The replay asked for on the command line, if it names this property. */
export function requestedReplay(name: string): Replay | undefined {
  const env = process.env;
  if (env['HANDOVER_SIM_SEED'] === undefined) return undefined;
  if (env['HANDOVER_SIM_PROPERTY'] !== undefined && env['HANDOVER_SIM_PROPERTY'] !== name) return undefined;
  return { seed: Number(env['HANDOVER_SIM_SEED']), path: env['HANDOVER_SIM_PATH'] ?? '0', replayPath: env['HANDOVER_SIM_REPLAY_PATH'] };
}

export const replayPathOf = (counterexample: unknown): string | undefined =>
  /replayPath="([^"]+)"/.exec(fc.stringify(counterexample))?.[1];

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function replayCommand(file: string, testName: string, property: string, replay: Replay): string {
  return [
    `HANDOVER_SIM_PROPERTY=${shellQuote(property)}`,
    `HANDOVER_SIM_SEED=${replay.seed}`,
    `HANDOVER_SIM_PATH=${shellQuote(replay.path)}`,
    ...(replay.replayPath === undefined ? [] : [`HANDOVER_SIM_REPLAY_PATH=${shellQuote(replay.replayPath)}`]),
    `npx vitest run ${file} -t ${shellQuote(escapeRegExp(testName))}`,
  ].join(' ');
}

/**
 * Checks `build(replayPath)` with `numRuns × DEPTH` runs, or replays the case named on the command line.
 * On failure throws fast-check's report (seed, path, shrunk counterexample) plus the replay command.
 */
export async function assertProperty<T>(
  opts: { file: string; testName: string; property: string; numRuns: number; relabel?: (counterexample: T) => Promise<void> },
  build: (replayPath?: string) => fc.IAsyncProperty<T> | fc.IProperty<T>,
): Promise<void> {
  const replay = requestedReplay(opts.property);
  const params: fc.Parameters<T> = replay
    ? { seed: replay.seed, path: replay.path, endOnFailure: true }
    : { numRuns: Math.round(opts.numRuns * DEPTH) };
  const out = await fc.check(build(replay?.replayPath), params);
  if (!out.failed) return;
  if (out.counterexample !== null) await opts.relabel?.(out.counterexample);
  const found: Replay = { seed: out.seed, path: out.counterexamplePath ?? '0', replayPath: replayPathOf(out.counterexample) };
  const report = fc.defaultReportMessage(out) ?? 'property failed';
  const cause = out.errorInstance instanceof Error ? `\nCause: ${out.errorInstance.message}` : '';
  throw new Error(`${opts.property} failed.\n${report}${cause}\n\nReplay in a fresh process:\n  ${replayCommand(opts.file, opts.testName, opts.property, found)}\n`);
}

/** fc.check parameters: the replay asked for on the command line, or the given ones. */
type RunParams = { seed?: number; path?: string; endOnFailure?: boolean; numRuns?: number };

export function checkParams(property: string, otherwise: RunParams): { params: RunParams; replayPath?: string } {
  const replay = requestedReplay(property);
  return replay
    ? { params: { seed: replay.seed, path: replay.path, endOnFailure: true }, replayPath: replay.replayPath }
    : { params: otherwise };
}
