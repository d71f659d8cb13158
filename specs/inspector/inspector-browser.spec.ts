import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../fake-graph-api/server.js';
import { DEFAULT_WORLD } from '../../fake-graph-api/world/default-world.js';
import { parseWorld } from '../../fake-graph-api/world/load-world.js';
import { PAGE_INBOX_APP_ID } from '../../machines/platform/index.js';

/**
 * End to end: the live inspector page in headless Chromium. The browser is Debian's `chromium` package
 * (.ci/run installs it); no test tool downloads one. Where it is missing this one test is skipped, saying why.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.log(`specs/inspector/inspector-browser.spec.ts: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

const ARTIFACTS = join(import.meta.dirname, '..', '..', '.artifacts', 'inspector');
const PAGE = '1000000001';
const ANN = '3000000001';

describe.skipIf(!hasChromium)('/__inspector in a browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer(parseWorld(DEFAULT_WORLD));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Without the background-networking flags Chromium keeps trying to reach Google's hosts.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the owner change live when control is passed, with the handover on the timeline', async () => {
    const post = async (path: string, body: object, status = 200) => {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(status);
    };
    await post(`/__admin/pages/${PAGE}/users/${ANN}/messages`, { text: 'I want a human' });

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const requested: string[] = [];
    page.on('request', (r) => void requested.push(r.url()));
    await page.goto(`${server.url}/__inspector`);
    const owner = page.locator(`td.owner[data-psid="${ANN}"]`);
    await owner.filter({ hasText: 'ManyChat' }).waitFor();
    await page.locator('#status.live').waitFor();
    await page.evaluate(() => Object.assign(window, { notReloaded: true }));

    await post('/v19.0/me/pass_thread_control?access_token=tok-primary', { recipient: { id: ANN }, target_app_id: PAGE_INBOX_APP_ID, metadata: 'wants a human' });
    await owner.filter({ hasText: 'Page Inbox' }).waitFor();
    await page.locator('#timeline svg g.step.handover').waitFor();
    await post('/v19.0/me/messages?access_token=tok-primary', { recipient: { id: ANN }, message: { text: 'Daily deals!' } }, 400);
    await page.locator('#timeline svg g.step.refusal').waitFor();

    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await page.locator('#timeline svg g.step.handover text').textContent()).toBe('pass_thread_control → Page Inbox');
    expect(await page.locator('#thread-title').textContent()).toBe(`Thread of Ann (user) on page ${PAGE}`);
    // Nothing but the fake itself: the page works with no internet.
    expect(requested.filter((url) => !url.startsWith(server.url))).toEqual([]);

    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'inspector-after-pass.png');
    await page.screenshot({ path: file, fullPage: true });
    console.log(`screenshot: ${file}`);
    expect(existsSync(file)).toBe(true);
  });
});
