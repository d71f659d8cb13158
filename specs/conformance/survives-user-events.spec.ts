import { describe, expect, it } from 'vitest';
import { runConformance } from '../../simulator/conformance/runner.js';
import type { CheckResult } from '../../simulator/conformance/types.js';
import { APP_ID, APP_SECRET, QUIET_MS, VERIFY_TOKEN, conformExample, startExampleBot } from './example-bots.js';
import { startFragileProxy, type Misbehaviour } from './fixtures/fragile-proxy.js';

/**
 * (A dropped connection is reported by the runner's root-cause line, "the bot went down on …", which
 * replaces the check's own summary.)
 * Checks 11–16: the compliant bot survives every gesture; a bot with a planted bug on one event fails that
 * event's check, and says how (answered 500, crashed on it, went down after it, or stopped answering).
 */
const SURVIVAL_IDS = ['survives-quick-reply', 'survives-attachment', 'survives-read', 'survives-delivery', 'survives-app-roles', 'survives-referral'];

/** Runs the given checks against the compliant bot behind a proxy that misbehaves on the poisoned items. */
async function conformFragile(only: string[], poisoned: (item: Record<string, unknown>) => boolean, how: Misbehaviour): Promise<CheckResult[]> {
  const { settings, bot, webhook } = await startExampleBot('compliant-bot');
  const proxy = await startFragileProxy(webhook, poisoned, how);
  try {
    const report = await runConformance({
      webhook: proxy.webhook, appId: APP_ID, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, quietMs: QUIET_MS, only, webhookTimeoutMs: 2000, protocol: 'hop-v1',
      onReady: async ({ graphUrl, accessToken }) => {
        settings.graphApiUrl = `${graphUrl}/v19.0`;
        settings.accessToken = accessToken;
        await bot.subscribed;
      },
    });
    return report.results;
  } finally {
    await proxy.close();
    await bot.close();
  }
}

const summaries = (results: CheckResult[]) => results.map((r) => [r.id, r.status, r.summary]);
const message = (item: Record<string, unknown>) => (item['message'] ?? {}) as Record<string, unknown>;

describe.concurrent('conform checks 11–16: the bot survives the user\'s other gestures', () => {
  it('the compliant bot survives all six, as primary', async () => {
    const report = await conformExample('compliant-bot', { only: SURVIVAL_IDS });
    expect(summaries(report.results)).toEqual([
      ['survives-quick-reply', 'pass', 'a quick-reply tap got HTTP 200; the next message was answered'],
      ['survives-attachment', 'pass', 'an image attachment got HTTP 200; the next message was answered'],
      ['survives-read', 'pass', 'a read event got HTTP 200; the next message was answered'],
      ['survives-delivery', 'pass', 'a delivery event got HTTP 200; the next message was answered'],
      ['survives-app-roles', 'pass', 'an app_roles event (no sender) got HTTP 200; the next message was answered'],
      ['survives-referral', 'pass', 'a referral (an m.me link with ref) got HTTP 200; the next message was answered'],
    ]);
    expect(report.results.map((r) => r.number)).toEqual([11, 12, 13, 14, 15, 16]);
  });

  it('a bot that throws on quick_reply answers it 500: check 11 fails', async () => {
    const results = await conformFragile(['11'], (item) => 'quick_reply' in message(item), '500');
    expect(summaries(results)).toEqual([['survives-quick-reply', 'fail', 'a quick-reply tap got HTTP 500']]);
  });

  it('a bot that crashes on an attachment (no text): check 12 fails, naming the crash', async () => {
    const results = await conformFragile(['12'], (item) => 'attachments' in message(item), 'crash');
    expect(summaries(results)).toEqual([['survives-attachment', 'fail', 'the bot went down on message: root cause 1']]);
  });

  it('a bot that dies while acting on a read: check 13 fails on the next message', async () => {
    const results = await conformFragile(['13'], (item) => 'read' in item, 'dies-after');
    // The proxy drops the next message's connection (the read was answered before it was sent): that POST is what it died on.
    expect(summaries(results)).toEqual([['survives-read', 'fail', 'the bot went down on message: root cause 1']]);
  });

  it('a bot wedged by a delivery: 200, but the next message gets no answer, check 14 fails', async () => {
    const results = await conformFragile(['14'], (item) => 'delivery' in item, 'mute');
    expect(summaries(results)).toEqual([['survives-delivery', 'fail', 'a delivery event got HTTP 200, but the next message got no answer']]);
  });

  it('a bot that reads sender.id of every item crashes on app_roles: check 15 fails', async () => {
    const results = await conformFragile(['15'], (item) => !('sender' in item), 'crash');
    expect(summaries(results)).toEqual([['survives-app-roles', 'fail', 'the bot went down on app_roles: root cause 1']]);
  });

  it('a bot that throws on a referral: check 16 fails', async () => {
    const results = await conformFragile(['16'], (item) => 'referral' in item, '500');
    expect(summaries(results)).toEqual([['survives-referral', 'fail', 'a referral (an m.me link with ref) got HTTP 500']]);
  });

  it('each planted bug is caught by its own check only: the quick-reply bug passes 12–16', async () => {
    const results = await conformFragile(SURVIVAL_IDS.slice(1), (item) => 'quick_reply' in message(item), 'crash');
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
  });
});

describe('the excerpt names each new event', () => {
  it('quick reply, attachment, read, delivery, app_roles and referral, as posted to the bot', async () => {
    const report = await conformExample('compliant-bot', { only: SURVIVAL_IDS });
    const posted = report.results.map((r) => r.excerpt.map((l) => l.replace(/^\s*\+\d+ms\s+/, '')).find((l) => l.startsWith('→ webhook') && !l.includes('message "') && !l.includes('echo of'))!
      .replace(/m_[A-Za-z0-9_-]{22}/g, '<mid>').replace(/read up to \d+/, 'read up to <time>').replace(/ in \d+ ms$/, '').replace(/ for 31000000\d\d/, ' for <psid>'));
    expect(posted).toEqual([
      '→ webhook [messaging] quick reply "Track my order" payload "TRACK_ORDER" mid <mid> for <psid>: bot answered HTTP 200',
      '→ webhook [messaging] attachment (image) mid <mid> for <psid>: bot answered HTTP 200',
      '→ webhook [messaging] read up to <time> for <psid>: bot answered HTTP 200',
      '→ webhook [messaging] delivery of ["<mid>"] for <psid>: bot answered HTTP 200',
      '→ webhook [messaging] app_roles {"1234567890":["primary_receiver"],"2000000002":["secondary_receiver"],"263902037430900":["secondary_receiver"]}: bot answered HTTP 200',
      '→ webhook [messaging] referral from an m.me link ref "handover-sim-conformance" for <psid>: bot answered HTTP 200',
    ]);
  });
});
