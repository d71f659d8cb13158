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

const PASS = 'standby traffic not answered; no send into a thread the bot does not own';
const CASES: [string, Parameters<typeof check3>, [string, string]][] = [
  ['conversation-routing, secondary: greeting an idle thread it neither owns nor is the default app of fails, by the platform\'s own refusal',
    ['greets-on-referral-bot', 'conversation-routing', 'secondary'], ['fail', 'the bot sent 1 message(s) into an idle thread it does not own and is not the default app of']],
  ['conversation-routing, primary: the default application may greet an idle thread', ['greets-on-referral-bot', 'conversation-routing', 'primary'], ['pass', PASS]],
  ['hop-v2, secondary: any app may send into an idle thread, so the same greeting passes', ['greets-on-referral-bot', 'hop-v2', 'secondary'], ['pass', PASS]],
  ['hop-v1: threads never go idle, and the report says the part does not apply', ['compliant-bot', 'hop-v1', 'secondary'],
    ['pass', `${PASS} (threads never go idle under hop-v1: the idle part does not apply)`]],
];

describe.concurrent('an idle thread under each protocol (check 3)', () => {
  it.each(CASES)('%s', async (_, args, expected) => {
    expect(await check3(...args)).toEqual([expected]);
  });
});
