import { freePort } from '../../simulator/conformance/bot-environment.js';
import type { BotSupervisor } from '../../simulator/conformance/bot-lifeline.js';
import type { BotExit } from '../../simulator/conformance/bot-process.js';
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
  'reads-batches-like-bottender-bot',
  'crashes-on-forged-signature-bot',
  'quick-reply-handover-bot',
  'handshake-only-bot',
  'crashes-after-answering-bot',
  'slow-start-bot',
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
  /** In-process: told the error when the bot "dies" (its server closed). */
  onCrash?: (err: Error) => void;
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

/**
 * An example bot in this process that conform can start and start again, as it does a process with
 * `-- <command>`: a crash closes its server and is told as an exit whose stderr is the error's stack, as
 * Node would print it; the next start listens on the same port.
 */
export class InProcessBot implements BotSupervisor {
  exited: BotExit | undefined;
  readonly settings: BotSettings;
  private running: RunningBot | undefined;
  private listeners: ((exit: BotExit) => void)[] = [];
  private waiters: ((exit: BotExit) => void)[] = [];
  private stopping = false;

  private constructor(private readonly module: { start(settings: BotSettings): RunningBot }, port: number) {
    this.settings = { graphApiUrl: 'http://127.0.0.1:9', accessToken: '', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, port, handoverText: 'agent', crash: 'close' };
  }

  static async of(name: ExampleBot | OtherBot): Promise<InProcessBot> {
    process.env['BOT_QUIET'] = '1';
    return new InProcessBot((await import(`../../examples/bots/${name}.mjs`)) as { start(settings: BotSettings): RunningBot }, await freePort());
  }

  /** The bot of examples/bots/bot-kit.mjs with the switches given (bot-kit.mjs lists them). */
  static async withBugs(bugs: Record<string, unknown>): Promise<InProcessBot> {
    process.env['BOT_QUIET'] = '1';
    const kit = (await import(`../../examples/bots/${'bot-kit'}.mjs`)) as { startBot(settings: BotSettings, bugs: Record<string, unknown>): RunningBot };
    return new InProcessBot({ start: (settings) => kit.startBot(settings, bugs) }, await freePort());
  }

  get webhook(): string {
    return `http://127.0.0.1:${this.settings.port}/webhook`;
  }

  start(): void {
    this.exited = undefined;
    const running = this.module.start({ ...this.settings, onCrash: (err) => this.ended(running, err) });
    this.running = running;
  }

  private ended(running: RunningBot, err: Error): void {
    if (running !== this.running || this.stopping) return;
    this.exited = { how: 'exit code 1', stderr: (err.stack ?? String(err)).split('\n') };
    for (const waiter of this.waiters.splice(0)) waiter(this.exited);
    for (const listener of this.listeners) listener(this.exited);
  }

  onExit(listener: (exit: BotExit) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  waitForExit(ms: number): Promise<BotExit | undefined> {
    if (this.exited) return Promise.resolve(this.exited);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), ms);
      this.waiters.push((exit) => {
        clearTimeout(timer);
        resolve(exit);
      });
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running?.close();
  }
}

/** `conform` against an example bot it starts (in this process) and starts again after each crash. */
export async function conformSupervised(name: ExampleBot | OtherBot | InProcessBot, options: Partial<ConformanceOptions> = {}): Promise<ConformanceReport> {
  const bot = name instanceof InProcessBot ? name : await InProcessBot.of(name);
  return runConformance({
    webhook: bot.webhook,
    appId: APP_ID,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    quietMs: QUIET_MS,
    waitForBotMs: 10_000,
    protocol: 'hop-v1',
    supervisor: bot,
    ...options,
    onReady: ({ graphUrl, accessToken }) => {
      bot.settings.graphApiUrl = `${graphUrl}/v19.0`;
      bot.settings.accessToken = accessToken;
    },
  });
}

/** `{ 'webhook-verification': 'pass', … }`: what a comparison of runs needs. */
export const statuses = (report: ConformanceReport) => Object.fromEntries(report.results.map((r) => [r.id, r.status]));
