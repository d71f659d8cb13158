import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatedClock } from 'xstate';
import { itemsOfEnvelope } from '../../machines/apps/webhook-parser.js';
import { startServer } from '../../fake-graph-api/server.js';
import type { RecordedEvent } from '../../fake-graph-api/webhooks/event-shapes.js';
import { verifyHubSignature } from '../../fake-graph-api/webhooks/signature.js';
import type { World } from '../../fake-graph-api/world/world.schema.js';
import type { PlatformOptions } from '../../fake-graph-api/platform.js';
import { adminRequest, type Transport } from './transport.js';

/**
 * Real sockets between the apps and the fake: the fake Graph API listens on loopback and delivers signed
 * webhooks to one server per simulated app; the apps call the Graph API and /__admin with fetch.
 * The conductor still decides the order: it waits until an event has arrived before its app reacts.
 */
type Item = Record<string, unknown>;

interface Receiver {
  appId: string;
  server: Server;
  url: string;
}

export async function openHttpTransport(world: World, options: PlatformOptions & { clock: SimulatedClock }): Promise<Transport> {
  const arrived = new Map<string, Item[]>();
  const waiting = new Map<string, ((item: Item) => void)[]>();
  const keyOf = (appId: string, channel: string, item: unknown) => `${appId}|${channel}|${JSON.stringify(item)}`;
  const onItem = (key: string, item: Item) => {
    const resolve = waiting.get(key)?.shift();
    if (resolve) return resolve(item);
    arrived.set(key, [...(arrived.get(key) ?? []), item]);
  };

  // One webhook server per app of the world that has a webhook: it checks the signature, answers 200, and
  // hands each item over. An app that checks nothing is a bug the conformance mode looks for; ours check.
  const receivers = new Map<string, Receiver>();
  for (const page of world.pages) {
    for (const app of page.apps) {
      if (!app.webhook || receivers.has(app.id)) continue;
      const secret = app.appSecret ?? '';
      const verifyToken = app.webhook.verifyToken;
      const server = createServer((req, res) => void handleWebhook(req, res, app.id, secret, verifyToken, onItem, keyOf));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      receivers.set(app.id, { appId: app.id, server, url: `http://127.0.0.1:${port}/webhook` });
    }
  }
  const routed: World = {
    ...world,
    pages: world.pages.map((page) => ({
      ...page,
      apps: page.apps.map((app) => (app.webhook ? { ...app, webhook: { ...app.webhook, url: receivers.get(app.id)!.url } } : app)),
    })),
  };

  const running = await startServer(routed, { ...options, webhooks: { clock: options.clock } });
  const dispatcher = running.dispatcher!;
  const failed = (await dispatcher.verifyAll()).filter((v) => !v.ok);
  if (failed.length > 0) throw new Error(`webhook verification failed: ${JSON.stringify(failed)}`);

  const call = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${running.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  return {
    name: 'http',
    platform: running.platform,
    graph: (request) => call(request.method, request.path, request.body, request.authorization ? { authorization: request.authorization } : {}),
    admin: (op) => {
      const { method, path, body } = adminRequest(op);
      return call(method, path, body);
    },
    arrival: async (event: RecordedEvent) => {
      // The Page Inbox has no webhook: the fake plays it, in this process, in both transports.
      if (!receivers.has(event.appId)) return event;
      const key = keyOf(event.appId, event.channel, event.event);
      const early = arrived.get(key)?.shift();
      const item = early ?? (await new Promise<Item>((resolve) => waiting.set(key, [...(waiting.get(key) ?? []), resolve])));
      // No POST may still be in flight when the conductor moves on: its timeout would run on the virtual clock.
      await dispatcher.idle();
      return { channel: event.channel, event: item as RecordedEvent['event'] };
    },
    close: async () => {
      await running.close();
      await Promise.all([...receivers.values()].map((r) => new Promise<void>((resolve) => {
        r.server.close(() => resolve());
        r.server.closeAllConnections();
      })));
    },
  };
}

async function handleWebhook(
  req: IncomingMessage,
  res: ServerResponse,
  appId: string,
  secret: string,
  verifyToken: string,
  onItem: (key: string, item: Item) => void,
  keyOf: (appId: string, channel: string, item: unknown) => string,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method === 'GET') {
    const ok = url.searchParams.get('hub.mode') === 'subscribe' && url.searchParams.get('hub.verify_token') === verifyToken;
    res.writeHead(ok ? 200 : 403, { 'content-type': 'text/plain' }).end(ok ? (url.searchParams.get('hub.challenge') ?? '') : 'Forbidden');
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (!verifyHubSignature(secret, raw, req.headers['x-hub-signature-256'] as string | undefined)) {
    res.writeHead(403).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/plain' }).end('EVENT_RECEIVED');
  for (const { channel, item } of itemsOfEnvelope(JSON.parse(raw.toString('utf8')))) onItem(keyOf(appId, channel, item), item);
}
