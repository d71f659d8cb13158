import { describe, expect, it } from 'vitest';
import { runConformanceAll } from '../../simulator/conformance/runner.js';
import { APP_ID, APP_SECRET, QUIET_MS, VERIFY_TOKEN } from './example-bots.js';
import { startLibraryBot } from './fixtures/messaging-api-bot.js';

/** `conform --protocol all` against a bot that calls the Graph API only through messaging-api-messenger. */
describe('conform against a bot built on a real client library', () => {
  it('passes every check that applies under each protocol, one bot for the three runs', async () => {
    const bot = await startLibraryBot(APP_SECRET, VERIFY_TOKEN);
    try {
      const run = await runConformanceAll({
        webhook: bot.webhook, appId: APP_ID, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, quietMs: QUIET_MS,
        onReady: ({ graphUrl, accessToken }) => bot.connect(graphUrl, accessToken),
      });
      const notPassed = run.reports.map((r) => [r.protocol, r.results.filter((x) => x.status !== 'pass').map((x) => [x.id, x.status, x.summary])]);
      expect(notPassed).toEqual([
        ['hop-v1', []],
        ['hop-v2', []],
        ['conversation-routing', [
          ['request-handling', 'skip', 'not applicable under conversation-routing: request_thread_control exists only without a default application (zero-config), and the Page Inbox takes control instead'],
          ['survives-app-roles', 'skip', 'not applicable under conversation-routing: the page has no roles, so Meta sends no app_roles'],
        ]],
      ]);
      expect(run.ok).toBe(true);
    } finally {
      await bot.close();
    }
  });
});
