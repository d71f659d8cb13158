import { runConformance, runConformanceAll, type ConformanceOptions } from '../simulator/conformance/runner.js';
import { median } from './median.js';

/**
 * `conform` against the compliant example bot (in this process, on loopback), with the CLI's defaults
 * (quiet period 400 ms): the checks run at once where they can, paced by the bot's answers, against the
 * baseline measured in the same run, `--sequential` (one check at a time, the fixed quiet period after each
 * stimulus: how conform ran before); and `--protocol all`. Check time is the report's `durationMs` (first
 * check to last, the bot's start excluded); wall time includes the fake's and the bot's start. Rounds are
 * interleaved so that load on the shared machine hits both alike; medians are printed.
 */
const ROUNDS = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 3;
const TARGET_CHECKS_MS = 4000;
const TARGET_ALL_MS = 10_000;
const APP_SECRET = 'bench-app-secret';
const VERIFY_TOKEN = 'bench-verify-token';

interface Timing {
  checkMs: number;
  wallMs: number;
  ok: boolean;
}

async function withBot<T>(run: (options: ConformanceOptions) => Promise<T & { durationMs: number; ok: boolean }>): Promise<Timing> {
  process.env['BOT_QUIET'] = '1';
  const settings = { graphApiUrl: 'http://127.0.0.1:9', accessToken: '', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, port: 0, handoverText: 'agent', crash: 'close' };
  const started = performance.now();
  const bot = startBot(settings, {});
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
const { startBot } = (await import('../examples/bots/bot-kit.mjs' as string)) as { startBot(settings: object, bugs: object): RunningBot };

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export async function run(): Promise<void> {
  const concurrent: Timing[] = [];
  const sequential: Timing[] = [];
  const all: Timing[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    sequential.push(await withBot((o) => runConformance({ ...o, concurrency: 1 })));
    concurrent.push(await withBot((o) => runConformance(o)));
    all.push(await withBot((o) => runConformanceAll(o)));
  }
  if (![...concurrent, ...sequential, ...all].every((t) => t.ok)) throw new Error('the compliant bot did not conform in every round');
  const m = (ts: Timing[], k: keyof Omit<Timing, 'ok'>) => median(ts.map((t) => t[k]));
  const [cc, sc, ac] = [m(concurrent, 'checkMs'), m(sequential, 'checkMs'), m(all, 'checkMs')];
  console.log(`conform, compliant bot, conversation-routing, medians of ${ROUNDS} interleaved rounds (quiet period 400 ms):`);
  console.log(`  concurrent, paced by the bot's answers: checks ${s(cc)}, wall ${s(m(concurrent, 'wallMs'))}`);
  console.log(`  baseline --sequential in the same run:  checks ${s(sc)}, wall ${s(m(sequential, 'wallMs'))}  (x${(sc / cc).toFixed(1)} the concurrent check time)`);
  console.log(`  --protocol all (three protocols):       checks ${s(ac)}, wall ${s(m(all, 'wallMs'))}  (x${(ac / cc).toFixed(1)} one protocol's, x${(ac / sc).toFixed(2)} one sequential run's)`);
  console.log(`targets: checks under ${s(TARGET_CHECKS_MS)}: ${cc < TARGET_CHECKS_MS ? 'met' : 'NOT met'}; --protocol all under ${s(TARGET_ALL_MS)}: ${ac < TARGET_ALL_MS ? 'met' : 'NOT met'} in this run`);
}
