import { runConformance, type ConformanceOptions } from '../../simulator/conformance/runner.js';
import type { ConformanceReport } from '../../simulator/conformance/types.js';

/**
 * Runs `conform` (the runner function) against one of the example bots of examples/bots, started in this
 * process on a port of its own. The bot learns the fake's URL once it listens, and subscribes its page.
 * A crash cannot kill this process: the bot's server closes instead (`crash: 'close'`), as seen from outside.
 */
export const EXAMPLE_BOTS = [
  'compliant-bot',
  'answers-standby-bot',
  'crashes-on-standby-bot',
  'ignores-signature-bot',
  'sends-after-pass-bot',
  'no-standby-subscription-bot',
  'replies-twice-bot',
  'mutes-after-standby-bot',
  'drops-batched-events-bot',
  'crashes-on-forged-signature-bot',
  'quick-reply-handover-bot',
] as const;
export type ExampleBot = (typeof EXAMPLE_BOTS)[number];
/** Bots with a trait rather than a bug, used by the specs that need them. */
export type OtherBot = 'slow-bot' | 'asks-secondary-receivers-bot' | 'greets-on-referral-bot';

interface BotSettings {
  graphApiUrl: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  port: number;
  handoverText: string;
  crash: 'exit' | 'close';
}
interface RunningBot {
  ready: Promise<number>;
  subscribed: Promise<boolean>;
  close(): Promise<void>;
}

export const APP_ID = '1234567890';
export const APP_SECRET = 'example-app-secret';
export const VERIFY_TOKEN = 'example-verify-token';
/**
 * Room for a spec that starts whole programs (the CLI through tsx, a bot, its restarts) on a shared, busy
 * machine: a limit on waiting, not a measure of speed; only their output is asserted.
 */
export const PROCESSES_TIMEOUT_MS = 120_000;
/** Short, so the suite stays fast; loopback bots react within a few milliseconds. */
export const QUIET_MS = 250;

export async function startExampleBot(name: ExampleBot | OtherBot): Promise<{ settings: BotSettings; bot: RunningBot; webhook: string }> {
  process.env['BOT_QUIET'] = '1';
  const module = (await import(`../../examples/bots/${name}.mjs`)) as { start(settings: BotSettings): RunningBot };
  // Nothing listens on port 9 (discard): the bot retries its subscription until it is told the fake's URL.
  const settings: BotSettings = { graphApiUrl: 'http://127.0.0.1:9', accessToken: '', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, port: 0, handoverText: 'agent', crash: 'close' };
  const bot = module.start(settings);
  const port = await bot.ready;
  return { settings, bot, webhook: `http://127.0.0.1:${port}/webhook` };
}

export async function conformExample(name: ExampleBot | OtherBot, options: Partial<ConformanceOptions> = {}): Promise<ConformanceReport> {
  const { settings, bot, webhook } = await startExampleBot(name);
  try {
    return await runConformance({
      webhook,
      appId: APP_ID,
      appSecret: APP_SECRET,
      verifyToken: VERIFY_TOKEN,
      quietMs: QUIET_MS,
      // The specs written for HOP v1 keep it; examples.spec.ts names every protocol.
      protocol: 'hop-v1',
      ...options,
      onReady: async ({ graphUrl, accessToken }) => {
        settings.graphApiUrl = `${graphUrl}/v19.0`;
        settings.accessToken = accessToken;
        await bot.subscribed;
      },
    });
  } finally {
    await bot.close();
  }
}

/** `{ 'webhook-verification': 'pass', … }`: what a comparison of runs needs. */
export const statuses = (report: ConformanceReport) => Object.fromEntries(report.results.map((r) => [r.id, r.status]));
