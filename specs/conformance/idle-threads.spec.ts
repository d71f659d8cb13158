import { describe, expect, it } from 'vitest';
import { conformExample } from './example-bots.js';

/**
 * Check 3 under the protocols with idle threads (protocol.md §1.4, §3, §4.3): control lapses under the bot
 * without a webhook, the user comes back through an m.me link (every app hears it) and writes again. Under
 * Conversation Routing only the default application may answer an idle thread; HOP v2 lets any app.
 */
const check3 = async (bot: 'compliant-bot' | 'greets-on-referral-bot', protocol: 'hop-v1' | 'hop-v2' | 'conversation-routing', role: 'primary' | 'secondary') => {
  const report = await conformExample(bot, { protocol, role, only: ['only-owner-sends'] });
  return report.results.map((r) => [r.status, r.summary]);
};

describe.concurrent('an idle thread under each protocol (check 3)', () => {
  it('conversation-routing, secondary: greeting an idle thread it neither owns nor is the default app of fails, by the platform\'s own refusal', async () => {
    expect(await check3('greets-on-referral-bot', 'conversation-routing', 'secondary')).toEqual([
      ['fail', 'the bot sent 1 message(s) into an idle thread it does not own and is not the default app of'],
    ]);
  });

  it('conversation-routing, primary: the default application may greet an idle thread', async () => {
    expect(await check3('greets-on-referral-bot', 'conversation-routing', 'primary')).toEqual([
      ['pass', 'standby traffic not answered; no send into a thread the bot does not own'],
    ]);
  });

  it('hop-v2, secondary: any app may send into an idle thread, so the same greeting passes', async () => {
    expect(await check3('greets-on-referral-bot', 'hop-v2', 'secondary')).toEqual([
      ['pass', 'standby traffic not answered; no send into a thread the bot does not own'],
    ]);
  });

  it('hop-v1: threads never go idle, and the report says the part does not apply', async () => {
    expect(await check3('compliant-bot', 'hop-v1', 'secondary')).toEqual([
      ['pass', 'standby traffic not answered; no send into a thread the bot does not own (threads never go idle under hop-v1: the idle part does not apply)'],
    ]);
  });
});
