import type { RunningServer } from '../../fake-graph-api/index.js';

/** The built-in world's page and first user, as the interop specs meet them, at a fixed clock. */
export const PAGE = '1000000001';
export const PSID = '3000000001';
export const PAGE_INBOX = '263902037430900';
export const NOW = 1_700_000_000_000;

/** A webhook item the platform recorded for `appId` on `messaging`: the user's thread, at NOW. */
export const messagingItem = (appId: string, body: Record<string, unknown>) => ({
  appId,
  channel: 'messaging',
  event: { sender: { id: PSID }, recipient: { id: PAGE }, timestamp: NOW, ...body },
});

/** Every event the platform recorded, as the specs compare them. */
export const recordedEvents = (server: RunningServer) => server.platform.events().map((e) => ({ appId: e.appId, channel: e.channel, event: e.event }));

/** The thread's owner as the admin API reports it. */
export const threadOwner = async (server: RunningServer) =>
  (await fetch(`${server.url}/__admin/pages/${PAGE}/threads/${PSID}`).then((r) => r.json()) as { owner: string | null }).owner;
