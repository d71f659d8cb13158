import { fc } from '@fast-check/vitest';
import type { ConformanceReport } from '../../simulator/conformance/types.js';
import { InProcessBot, conformSupervised, statuses } from './example-bots.js';

/**
 * A crash point: the kind of event and the channel a bot dies on, and whether it dies as it reads the POST
 * or just after answering it 200. The planted bug is in examples/bots/bot-kit.mjs (`plantedCrash`).
 */
export interface CrashPoint {
  kind: EventKind;
  channel: 'messaging' | 'standby';
  afterAnswering: boolean;
}

type Item = Record<string, Record<string, unknown> | undefined>;
const KINDS = {
  message: (i: Item) => i['message'] !== undefined && !i['message']['is_echo'] && !i['message']['attachments'] && !i['message']['quick_reply'],
  message_echo: (i: Item) => Boolean(i['message']?.['is_echo']),
  attachment: (i: Item) => Boolean(i['message']?.['attachments']),
  quick_reply: (i: Item) => Boolean(i['message']?.['quick_reply']),
  postback: (i: Item) => i['postback'] !== undefined,
  pass_thread_control: (i: Item) => i['pass_thread_control'] !== undefined,
  take_thread_control: (i: Item) => i['take_thread_control'] !== undefined,
  request_thread_control: (i: Item) => i['request_thread_control'] !== undefined,
  read: (i: Item) => i['read'] !== undefined,
  delivery: (i: Item) => i['delivery'] !== undefined,
  referral: (i: Item) => i['referral'] !== undefined,
  app_roles: (i: Item) => i['app_roles'] !== undefined,
} as const;
type EventKind = keyof typeof KINDS;

export const crashPoint: fc.Arbitrary<CrashPoint> = fc.record({
  kind: fc.constantFrom(...(Object.keys(KINDS) as EventKind[])),
  channel: fc.constantFrom('messaging' as const, 'standby' as const),
  afterAnswering: fc.boolean(),
});

export const botCrashingAt = (point: CrashPoint) =>
  InProcessBot.withBugs({ plantedCrash: { on: (item: Item, channel: string) => channel === point.channel && KINDS[point.kind](item), afterAnswering: point.afterAnswering } });

/** What must not depend on scheduling: every check's verdict, and each cause with every check it touched. */
export const verdicts = (report: ConformanceReport) => ({
  statuses: statuses(report),
  causes: report.rootCauses.map((c) => ({ error: c.error, after: c.after, failed: c.failed, knockedOn: c.knockedOn })),
});

/** The same crash point, concurrent and --sequential, each against a bot of its own. */
export async function bothWays(point: CrashPoint) {
  const [concurrent, sequential] = await Promise.all([
    conformSupervised(await botCrashingAt(point), {}),
    conformSupervised(await botCrashingAt(point), { concurrency: 1 }),
  ]);
  return { concurrent: verdicts(concurrent), sequential: verdicts(sequential) };
}
