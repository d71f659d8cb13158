import { PAGE_INBOX_APP_ID } from '../machines/platform/index.js';
import { startServer } from '../fake-graph-api/server.js';
import { loadWorld } from '../fake-graph-api/world/load-world.js';
import { eventKind } from '../fake-graph-api/webhooks/event-shapes.js';

/**
 * A short, fixed walk through ManyChat's main workflow against the fake Graph API over HTTP:
 * the bot answers, "agent" passes the thread to the Page Inbox, the bot's next send is refused with
 * (#10) 2018300, the inbox marks the thread Done and the bot answers again.
 */
export async function runDemo(write: (line: string) => void = console.log): Promise<number> {
  const world = loadWorld();
  const server = await startServer(world);
  const { platform, url } = server;
  const page = world.pages[0]!;
  const bot = page.apps.find((a) => a.role === 'primary')!;
  const ann = page.users[0]!;
  let seen = 0;
  let failures = 0;

  const graph = async (method: string, edge: string, body?: object) => {
    const query = method === 'GET' ? `&${new URLSearchParams(body as Record<string, string>)}` : '';
    const res = await fetch(`${url}/v19.0/me/${edge}?access_token=${bot.accessToken}${query}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const admin = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${url}/__admin${path}`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const owner = async () => ((await admin('GET', `/pages/${page.id}/threads/${ann.psid}`)).body.owner as string | null) ?? 'none';
  const showEvents = () => {
    for (const e of platform.events().slice(seen)) {
      write(`      webhook → ${platform.appName(e.pageId, e.appId).padEnd(10)} ${e.channel.padEnd(9)} ${eventKind(e.event)}`);
    }
    seen = platform.events().length;
  };
  const step = async (title: string, act: () => Promise<{ status: number; body: Record<string, unknown> }>, expectStatus: number) => {
    const { status, body } = await act();
    const ok = status === expectStatus;
    if (!ok) failures++;
    write(`${ok ? '✓' : '✗'} ${title}`);
    write(`      ${status} ${JSON.stringify(body)}`);
    showEvents();
    write(`      thread owner: ${platform.appName(page.id, await owner())}`);
  };

  write(`handover-sim demo: fake Graph API at ${url}, page "${page.name}", user ${ann.name} (${ann.psid})`);
  write(`roles: ${page.apps.map((a) => `${a.name}=${a.role ?? 'none'}`).join(', ')}\n`);
  try {
    await step(`${ann.name} writes "hi"`, () => admin('POST', `/pages/${page.id}/users/${ann.psid}/messages`, { text: 'hi' }), 200);
    await step(`${bot.name} replies`, () => graph('POST', 'messages', { recipient: { id: ann.psid }, message: { text: 'Hello! How can I help?' } }), 200);
    await step(`${ann.name} writes "agent"`, () => admin('POST', `/pages/${page.id}/users/${ann.psid}/messages`, { text: 'agent' }), 200);
    await step(`${bot.name} opens the conversation: pass_thread_control to the Page Inbox`, () =>
      graph('POST', 'pass_thread_control', { recipient: { id: ann.psid }, target_app_id: PAGE_INBOX_APP_ID, metadata: 'wants a human' }), 200);
    await step(`${ann.name} writes "are you there?"`, () => admin('POST', `/pages/${page.id}/users/${ann.psid}/messages`, { text: 'are you there?' }), 200);
    await step(`${bot.name} tries a sequence message while the inbox owns the thread (refused)`, () =>
      graph('POST', 'messages', { recipient: { id: ann.psid }, message: { text: 'Daily deals!' } }), 400);
    await step('a human marks the thread Done in the Page Inbox', () => admin('POST', `/pages/${page.id}/inbox/${ann.psid}/done`), 200);
    await step(`${bot.name} answers again`, () => graph('POST', 'messages', { recipient: { id: ann.psid }, message: { text: 'Welcome back!' } }), 200);
  } finally {
    await server.close();
  }
  write(`\n${failures === 0 ? 'demo finished: every step behaved as Meta documents' : `demo finished with ${failures} unexpected answer(s)`}`);
  return failures === 0 ? 0 : 1;
}
