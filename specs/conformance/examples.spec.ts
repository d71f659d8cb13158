import { describe, expect, it } from 'vitest';
import { PROFILE_NAMES, type ProfileName } from '../../machines/platform/profile-names.js';
import { CHECK_IDS } from '../../simulator/conformance/checks/index.js';
import type { CheckStatus } from '../../simulator/conformance/types.js';
import { PROCESSES_TIMEOUT_MS, conformExample, conformSupervised, statuses, type ExampleBot } from './example-bots.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Each example bot plants one classic bug: conform must fail exactly the check(s) for that bug and pass
 * every other one; the compliant bot passes everything.
 */
const allPass = Object.fromEntries(CHECK_IDS.map((id) => [id, 'pass'])) as Record<string, CheckStatus>;
/** Started in this process without `-- <command>`, a bot that crashes stays down: the checks after the crash are not run. */
const downAfter = (id: string) => Object.fromEntries(CHECK_IDS.map((c, i) => [c, i > CHECK_IDS.indexOf(id) ? 'not-run' : c === id ? 'fail' : 'pass'])) as Record<string, CheckStatus>;
/** Started again after each crash, a bot fails every check whose own stimulus took it down, and only those. */
const failing = (...ids: string[]) => ({ ...allPass, ...Object.fromEntries(ids.map((id) => [id, 'fail'])) }) as Record<string, CheckStatus>;
const EXPECTED: Record<ExampleBot, Record<string, CheckStatus>> = {
  'compliant-bot': allPass,
  // A reply to a standby event is refused (another app owns the thread): check 2 sends standby events too.
  'answers-standby-bot': failing('every-event-answered', 'only-owner-sends'),
  'crashes-on-standby-bot': downAfter('every-event-answered'),
  'ignores-signature-bot': failing('forged-signature'),
  'sends-after-pass-bot': failing('only-owner-sends'),
  'no-standby-subscription-bot': failing('keeps-listening'),
  'replies-twice-bot': { ...allPass, redelivery: 'warn' },
  'mutes-after-standby-bot': failing('keeps-listening'),
  'drops-batched-events-bot': failing('every-event-answered'),
  // Bottender 1.5's connector, as found by conform: a standby entry after a messaging one is answered.
  'reads-batches-like-bottender-bot': failing('every-event-answered'),
  'crashes-on-forged-signature-bot': downAfter('forged-signature'),
  // It hands over on a tapped quick reply only; conform writes the handover text and gets the offer.
  'quick-reply-handover-bot': { ...allPass, 'pass-target': 'warn' },
  // Meta's sample apps answer a GET with the hub parameters only: the handshake is how conform knows it is up.
  'handshake-only-bot': allPass,
  'crashes-after-answering-bot': downAfter('every-event-answered'),
  'slow-start-bot': allPass,
};
/** The same bots, started by conform and started again after each crash: one cause each, every check judged. */
const SUPERVISED: Partial<Record<ExampleBot, { verdicts: Record<string, CheckStatus>; error: string; after: string }>> = {
  'crashes-on-standby-bot': { verdicts: failing('every-event-answered', 'only-owner-sends', 'keeps-listening'), error: 'TypeError: entry.messaging is not iterable', after: 'standby message' },
  'crashes-after-answering-bot': { verdicts: failing('every-event-answered', 'only-owner-sends', 'keeps-listening'), error: 'TypeError: entry.messaging is not iterable', after: 'standby message' },
  'crashes-on-forged-signature-bot': { verdicts: failing('forged-signature'), error: "Error: Couldn't validate the request signature.", after: 'a forged signature' },
};

const SUMMARIES: Partial<Record<ExampleBot, [string, string | RegExp]>> = {
  'answers-standby-bot': ['only-owner-sends', 'the bot answered standby traffic 2 time(s); caused 2 (#10) 2018300 refusal(s)'],
  'crashes-on-standby-bot': ['every-event-answered', 'the bot went down on standby message: root cause 1'],
  'ignores-signature-bot': ['forged-signature', '1 Graph call(s) followed a forged event (the bot answered it HTTP 200)'],
  'sends-after-pass-bot': ['only-owner-sends', 'the bot sent 1 message(s) after passing control; caused 1 (#10) 2018300 refusal(s)'],
  'no-standby-subscription-bot': ['keeps-listening', 'not subscribed to standby (subscribed_fields: messages,messaging_postbacks,messaging_handovers,message_echoes,messaging_referrals,message_reads,message_deliveries): the bot goes deaf once it passes control'],
  'replies-twice-bot': ['redelivery', 'the bot replied 2 times to one message delivered twice (deduplicate on message.mid)'],
  // Its "welcome back" as control returns is no answer to the message that follows.
  'mutes-after-standby-bot': ['keeps-listening', 'control was given back, but the next message got no answer'],
  'drops-batched-events-bot': [
    'every-event-answered',
    'in a batched POST the bot mishandled 3 events of 6 it handles alone: dropped entry[0].messaging[1] (postback "Get started"); dropped entry[2].messaging[0] (message "hello"); dropped entry[2].messaging[1] (pass_thread_control)',
  ],
  'reads-batches-like-bottender-bot': ['every-event-answered', 'the bot answered standby events: 1 send(s) refused with (#10) 2018300 (another app owns those threads: a standby event is for listening)'],
  'crashes-on-forged-signature-bot': ['forged-signature', 'crashed on a bad signature (the connection dropped: UND_ERR_SOCKET); answer 403 and carry on'],
  'quick-reply-handover-bot': ['pass-target', 'the bot did not pass control when the user wrote "agent" (set --handover-text)'],
  // It dies just after answering the standby message; the standby postback that follows at once either finds
  // it dead (refused: not a suspect) or dying (dropped: a suspect too). Without `-- <command>` none is sent again to tell.
  'crashes-after-answering-bot': ['every-event-answered', /^the bot went down on (one of: standby message, standby postback without payload|standby message): root cause 1$/],
};

/**
 * The real protocol differences, the same for every bot: under Conversation Routing with a default
 * application there is no request_thread_control (zero-config only; the Page Inbox takes control) and no
 * roles, so no app_roles. A check that does not apply is skipped with its reason, never passed silently.
 */
const NOT_APPLICABLE: Record<ProfileName, readonly string[]> = {
  'hop-v1': [],
  'hop-v2': [],
  'conversation-routing': ['request-handling', 'survives-app-roles'],
};
const under = (protocol: ProfileName, expected: Record<string, CheckStatus>) =>
  Object.fromEntries(Object.entries(expected).map(([id, s]) => [id, s === 'pass' && NOT_APPLICABLE[protocol].includes(id) ? 'skip' : s]));

describe.concurrent.each(PROFILE_NAMES)('conform against the example bots under %s', (protocol) => {
  for (const [bot, base] of Object.entries(EXPECTED) as [ExampleBot, Record<string, CheckStatus>][]) {
    const expected = under(protocol, base);
    const judged = Object.entries(expected).filter(([, s]) => s === 'fail' || s === 'warn').map(([id, s]) => `${s}s ${id}`).join(', ');
    const down = Object.values(expected).includes('not-run') ? ', then is down: the rest not run' : '';
    it(`${bot}: ${judged || 'passes every check that applies'}${down}`, async () => {
      const report = await conformExample(bot, { protocol });
      expect(report.protocol).toBe(protocol);
      expect(statuses(report)).toEqual(expected);
      expect(report.ok).toBe(!Object.values(expected).includes('fail'));
      const summary = SUMMARIES[bot];
      if (summary) expect(report.results.find((r) => r.id === summary[0])?.summary).toMatch(typeof summary[1] === 'string' ? new RegExp(`^${escape(summary[1])}$`) : summary[1]);
      const downs = report.results.filter((r) => r.status === 'not-run');
      // One root cause for a bot that went down (no stack: conform did not start it), none otherwise; every
      // check after it says why it did not run.
      expect(report.rootCauses.map((c) => [c.check, c.failed, c.knockedOn, c.times, c.exit, c.error, c.frames, c.stderr])).toEqual(downs.length > 0 ? [[summary![0], [summary![0]], [], 1, undefined, undefined, [], []]] : []);
      if (downs.length > 0) expect(report.rootCauses[0]!.after).toMatch(/^(standby message|a forged signature|one of: standby message, standby postback without payload)$/);
      for (const r of downs) expect(r.summary).toBe("not run: the bot is down since root cause 1; conform did not start it, so it cannot start it again (give the bot's command after --)");
      expect(report.warnings).toEqual([]);
    });
  }
});

describe.concurrent.each(Object.entries(SUPERVISED))('conform starts %s and starts it again after each crash', (bot, { verdicts, error, after }) => {
  for (const concurrency of [undefined, 1]) {
    it(`${concurrency ? '--sequential' : 'concurrent'}: one root cause, on ${after}, and every check judged`, { timeout: PROCESSES_TIMEOUT_MS }, async () => {
      const report = await conformSupervised(bot as ExampleBot, concurrency ? { concurrency } : {});
      expect(statuses(report)).toEqual(verdicts);
      const failed = Object.keys(verdicts).filter((id) => verdicts[id] === 'fail');
      expect(report.rootCauses.map((c) => [c.error, c.after, c.check, c.failed, c.knockedOn, c.exit])).toEqual([[error, after, failed[0], failed, [], 'exit code 1']]);
      // How it was told: the one event in flight, or the one that took the restarted bot down again alone.
      expect(['only-candidate', 'reproduced']).toContain(report.rootCauses[0]!.attributed);
      expect(report.rootCauses[0]!.frames[0]).toMatch(/examples\/bots\/bot-kit\.mjs:\d+:\d+\)?$/);
      for (const id of failed) expect(report.results.find((r) => r.id === id)!.summary).toMatch(/root cause 1|crashed on a bad signature/);
    });
  }
});

describe.concurrent('conform against the example bots: protocol-specific results', () => {
  it('the compliant bot as primary grants a request and passes to the Page Inbox by its exact id', async () => {
    const report = await conformExample('compliant-bot', { only: ['request-handling', '7'] });
    expect(report.results.map((r) => [r.id, r.status, r.summary])).toEqual([
      ['request-handling', 'pass', 'granted: the bot passed the thread to Page Inbox'],
      ['pass-target', 'pass', 'passed to Page Inbox (263902037430900), metadata of 35 characters'],
    ]);
  });

  it('the compliant bot as secondary: request handling does not apply, everything else passes', async () => {
    const report = await conformExample('compliant-bot', { role: 'secondary' });
    expect(statuses(report)).toEqual({ ...allPass, 'request-handling': 'skip' });
  });

  it('every finding of check 2 is told: the standby entry answered in a batch, and the items dropped', async () => {
    const report = await conformExample('reads-batches-like-bottender-bot', { only: ['every-event-answered'] });
    const also = report.results[0]!.excerpt.filter((l) => l.startsWith('also: '));
    expect(also).toEqual([
      expect.stringMatching(
        /^also: in a batched POST the bot mishandled 3 events of 6 it handles alone: dropped entry\[0\]\.messaging\[1\] \(postback "Get started"\); handled entry\[1\]\.standby\[0\] \(standby message\) differently: alone no call, in the batch POST messages .*"You said: is anyone there\?".* → 400; dropped entry\[2\]\.messaging\[1\] \(pass_thread_control\)$/,
      ),
    ]);
  });

  it('a failing check shows what was sent and what the bot called', async () => {
    const report = await conformExample('sends-after-pass-bot', { only: ['only-owner-sends'] });
    const lines = report.results[0]!.excerpt.map((l) => l.replace(/^\s*\+\d+ms\s+/, '').replace(/mid \S+/, 'mid <mid>'));
    expect(lines).toContain('→ webhook [messaging] message "agent" mid <mid> for 3100000002: bot answered HTTP 200 in ' + lines.find((l) => l.includes('"agent"'))!.split(' in ').pop());
    expect(lines).toContain('← bot calls POST /v19.0/me/pass_thread_control to 3100000002, target_app_id 263902037430900 (Page Inbox), metadata "{\\"reason\\":\\"user asked for a human\\"}": 200 OK');
    expect(lines).toContain('← bot calls POST /v19.0/me/messages to 3100000002, text "An agent will be with you shortly.": 400 (#10) Message failed to send because another app is controlling this thread now. (subcode 2018300)');
  });
});
