import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runConformance, runConformanceAll, type ConformanceOptions } from '../simulator/conformance/runner.js';
import { median } from './median.js';

/**
 * `conform` against the compliant example bot (in this process, on loopback), with the CLI's defaults
 * (quiet period 400 ms): the checks run at once where they can, paced by the bot's answers, against the
 * baseline measured in the same run, `--sequential` (one check at a time, the fixed quiet period after each
 * stimulus: how conform ran before); and `--protocol all`. Check time is the report's `durationMs` (first
 * check to last, the bot's start excluded); wall time includes the fake's and the bot's start. Rounds are
 * interleaved so that load on the shared machine hits both alike; medians are printed.
 *
 * `--against <checkout>` also runs conform as another revision has it (a `git worktree` or `git archive` of
 * it, its node_modules linked to this one's), against that revision's compliant bot, interleaved with this
 * revision's: how much slower or faster a change made conform, in the same run.
 */
const option = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const ROUNDS = Number(option('--rounds')) || 3;
const AGAINST = option('--against');
const TARGET_CHECKS_MS = 4000;
const TARGET_ALL_MS = 10_000;
const APP_SECRET = 'bench-app-secret';
const VERIFY_TOKEN = 'bench-verify-token';

interface Timing {
  checkMs: number;
  wallMs: number;
  ok: boolean;
}

async function withBot<T>(run: (options: ConformanceOptions) => Promise<T & { durationMs: number; ok: boolean }>, kit = startBot): Promise<Timing> {
  process.env['BOT_QUIET'] = '1';
  const settings = { graphApiUrl: 'http://127.0.0.1:9', accessToken: '', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, port: 0, handoverText: 'agent', crash: 'close' };
  const started = performance.now();
  const bot = kit(settings, {});
  const port = await bot.ready;
  try {
    const report = await run({
      webhook: `http://127.0.0.1:${port}/webhook`,
      appId: '1234567890',
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
      onReady: async ({ graphUrl, accessToken }) => {
        settings.graphApiUrl = `${graphUrl}/v19.0`;
        settings.accessToken = accessToken;
        await bot.subscribed;
      },
    });
    return { checkMs: report.durationMs, wallMs: performance.now() - started, ok: report.ok };
  } finally {
    await bot.close();
  }
}

interface RunningBot {
  ready: Promise<number>;
  subscribed: Promise<boolean>;
  close(): Promise<void>;
}
/** The example bots are plain JavaScript, without types: the part used here. */
type StartBot = (settings: object, bugs: object) => RunningBot;
const { startBot } = (await import('../examples/bots/bot-kit.mjs' as string)) as { startBot: StartBot };

/** conform and the compliant bot as another checkout has them. */
async function revision(dir: string): Promise<{ runConformance: typeof runConformance; startBot: StartBot }> {
  const from = (path: string) => pathToFileURL(resolve(dir, path)).href;
  const runner = (await import(from('simulator/conformance/runner.ts'))) as { runConformance: typeof runConformance };
  const kit = (await import(from('examples/bots/bot-kit.mjs'))) as { startBot: StartBot };
  return { runConformance: runner.runConformance, startBot: kit.startBot };
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function run(): Promise<void> {
  const concurrent: Timing[] = [];
  const sequential: Timing[] = [];
  const all: Timing[] = [];
  const other = AGAINST ? await revision(AGAINST) : undefined;
  const before: Timing[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    sequential.push(await withBot((o) => runConformance({ ...o, concurrency: 1 })));
    if (other) before.push(await withBot((o) => other.runConformance(o), other.startBot));
    concurrent.push(await withBot((o) => runConformance(o)));
    all.push(await withBot((o) => runConformanceAll(o)));
  }
  if (![...concurrent, ...sequential, ...all, ...before].every((t) => t.ok)) throw new Error('the compliant bot did not conform in every round');
  const m = (ts: Timing[], k: keyof Omit<Timing, 'ok'>) => median(ts.map((t) => t[k]));
  const [cc, sc, ac] = [m(concurrent, 'checkMs'), m(sequential, 'checkMs'), m(all, 'checkMs')];
  console.log(`conform, compliant bot, conversation-routing, medians of ${ROUNDS} interleaved rounds (quiet period 400 ms):`);
  console.log(`  concurrent, paced by the bot's answers: checks ${s(cc)}, wall ${s(m(concurrent, 'wallMs'))}`);
  console.log(`  baseline --sequential in the same run:  checks ${s(sc)}, wall ${s(m(sequential, 'wallMs'))}  (x${(sc / cc).toFixed(1)} the concurrent check time)`);
  console.log(`  --protocol all (three protocols):       checks ${s(ac)}, wall ${s(m(all, 'wallMs'))}  (x${(ac / cc).toFixed(1)} one protocol's, x${(ac / sc).toFixed(2)} one sequential run's)`);
  if (other) {
    const bc = m(before, 'checkMs');
    console.log(`  conform of ${AGAINST}, its compliant bot:   checks ${s(bc)}, wall ${s(m(before, 'wallMs'))}  (this revision x${(cc / bc).toFixed(2)} its check time)`);
  }
  console.log(`targets: checks under ${s(TARGET_CHECKS_MS)}: ${cc < TARGET_CHECKS_MS ? 'met' : 'NOT met'}; --protocol all under ${s(TARGET_ALL_MS)}: ${ac < TARGET_ALL_MS ? 'met' : 'NOT met'} in this run`);
}
