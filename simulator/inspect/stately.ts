import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebSocketInspector } from '@statelyai/inspect';
import { WebSocket, WebSocketServer } from 'ws';
import type { AnyStateMachine, InspectionEvent, Observer } from 'xstate';
import { HostPolicy, foreignRequest } from '../../fake-graph-api/http/local-only.js';
import type { Platform, PlatformTransition } from '../../fake-graph-api/platform.js';

/**
 * Streams every actor to the Stately inspector (stately.ai/inspect): the live app actors through the
 * `inspect` observer given to `createActor`, and the platform's page and thread "actors" (stored snapshots
 * stepped by the Platform, not live actors) through @statelyai/inspect's manual API, fed by
 * `platform.onTransition`.
 *
 * The relay is ours, a few lines over `ws` speaking the package's protocol (every message from one client
 * goes to every other client; newcomers get the backlog), because the package's `createInspectorServer`
 * listens on every interface and replays only the last 200 messages. Ours listens on loopback only, never
 * opens a browser, and keeps the whole run so a browser opened late still sees it from the start.
 * It streams PSIDs and metadata, so it answers only this machine's own pages: a WebSocket (or the bridge
 * page) asked for by another site's page (its Origin) or through a rebound name (its Host) is refused.
 */
export interface StatelyInspectorOptions {
  /** Port of the relay (HTTP bridge page + WebSocket); 0 picks a free one. */
  port?: number;
  /** Messages kept for browsers that connect later (default 100 000). */
  backlog?: number;
  /** The inspector UI the bridge page embeds. */
  inspectorUrl?: string;
}

export interface AttachOptions {
  /**
   * The inspector session id of the live actor that plays an app, when there is one, so the inspector
   * links an API call to the actor that made it. Without it the caller is shown as `app:PAGE/APP`.
   */
  appSessionId?: (pageId: string, appId: string) => string | undefined;
  /** Put before every session id (`happy-path/thread:PAGE/PSID`), when several platforms (scenarios) share one inspector. */
  prefix?: string;
}

export interface StatelyInspector {
  /** The page to open in a browser (it embeds the inspector UI from stately.ai, which needs the internet). */
  url: string;
  /** The relay's WebSocket address, for `createWebSocketReceiver({ server })`. */
  relayUrl: string;
  /** Pass as `createActor(machine, { inspect })` for every live actor to appear. */
  inspect: Observer<InspectionEvent>;
  /** Streams the platform's pages and threads; returns a function that stops it. */
  attachPlatform(platform: Platform, options?: AttachOptions): () => void;
  /**
   * Declares a machine run on stored snapshots (not a live actor: the simulator's app hosts, for one app
   * and one thread) and returns how to report each of its steps.
   */
  steppedActor(
    sessionId: string,
    machine: AnyStateMachine,
    snapshot: SteppedSnapshot,
    options?: { parentId?: string },
  ): { step(event: { type: string }, snapshot: SteppedSnapshot, sourceId?: string): void };
  stop(): Promise<void>;
}

export interface SteppedSnapshot {
  value: unknown;
  context?: unknown;
}

const STATELY_INSPECTOR_URL = 'https://stately.ai/inspect';

function bridgePage(inspectorUrl: string): string {
  // The package's bridge page, with the relay's address taken from the page's own (any port, loopback).
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>handover-sim · Stately inspector</title>
<style>*{margin:0;padding:0}html,body{height:100%}iframe{width:100%;height:100%;border:none}</style></head>
<body><iframe id="inspector" src="${inspectorUrl}"></iframe>
<script>
  const iframe = document.getElementById('inspector');
  const buffer = [];
  let connected = false;
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === '@statelyai.connected') {
      connected = true;
      for (const event of buffer) iframe.contentWindow.postMessage(event, '*');
      buffer.length = 0;
    }
  });
  const ws = new WebSocket('ws://' + location.host);
  ws.onmessage = (event) => {
    const data = JSON.parse(event.data);
    if (connected) iframe.contentWindow.postMessage(data, '*');
    else buffer.push(data);
  };
</script></body></html>`;
}

interface Relay {
  port: number;
  firstConnection: Promise<void>;
  close(): Promise<void>;
}

async function startRelay(port: number, backlog: number, inspectorUrl: string): Promise<Relay> {
  const policy = new HostPolicy();
  const http: Server = createServer((req, res) => {
    const foreign = foreignRequest(policy, req.headers as Record<string, string | undefined>);
    if (foreign) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end(`refused: ${foreign.kind === 'foreign_host' ? `host ${foreign.host}` : `origin ${foreign.origin}`} is not this machine\n`);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(bridgePage(inspectorUrl));
  });
  const wss = new WebSocketServer({
    server: http,
    verifyClient: ({ req }: { req: { headers: Record<string, string | string[] | undefined> } }) =>
      foreignRequest(policy, req.headers as Record<string, string | undefined>) === undefined,
  });
  const messages: string[] = [];
  let connected!: () => void;
  const firstConnection = new Promise<void>((resolve) => (connected = resolve));
  wss.on('connection', (ws) => {
    connected();
    for (const message of messages) ws.send(message);
    ws.on('message', (data) => {
      const message = data.toString();
      messages.push(message);
      if (messages.length > backlog) messages.shift();
      for (const client of wss.clients) {
        if (client !== ws && client.readyState === WebSocket.OPEN) client.send(message);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (http.address() as AddressInfo).port,
    firstConnection,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** What the inspector reads from an actor reference: its session id, its logic's config, its parent. */
interface PseudoActor {
  sessionId: string;
  id: string;
  logic?: { config: unknown };
  _parent?: PseudoActor;
  send: () => void;
  getSnapshot: () => unknown;
}

const pseudoActor = (sessionId: string, machine?: AnyStateMachine, parent?: PseudoActor): PseudoActor => ({
  sessionId,
  id: sessionId,
  // The inspector names an actor after its definition's id: give each page and thread its own name.
  ...(machine ? { logic: { config: { ...machine.config, id: sessionId } } } : {}),
  ...(parent ? { _parent: parent } : {}),
  send: () => {},
  getSnapshot: () => undefined,
});

export async function startStatelyInspector(options: StatelyInspectorOptions = {}): Promise<StatelyInspector> {
  const relay = await startRelay(options.port ?? 0, options.backlog ?? 100_000, options.inspectorUrl ?? STATELY_INSPECTOR_URL);
  const relayUrl = `ws://127.0.0.1:${relay.port}`;
  const inspector = createWebSocketInspector({ url: relayUrl });
  await relay.firstConnection; // the sender is connected: nothing waits in its 200-message buffer
  const detachers = new Set<() => void>();

  const attachPlatform = (platform: Platform, attach: AttachOptions = {}) => {
    const actors = new Map<string, PseudoActor>();
    const at = attach.prefix === undefined ? '' : `${attach.prefix}/`;
    const register = (actor: PseudoActor, snapshot: { value?: unknown; context?: unknown }) => {
      actors.set(actor.sessionId, actor);
      inspector.actor(actor, { status: 'active', ...snapshot });
      return actor;
    };
    const page = (pageId: string) =>
      actors.get(`${at}page:${pageId}`) ?? register(pseudoActor(`${at}page:${pageId}`, platform.profile.page), {
        value: platform.handoverActive(pageId) ? 'handoverActive' : 'handoverInactive',
        context: platform.pageView(pageId),
      });
    const app = (pageId: string, appId: string): string => {
      const live = attach.appSessionId?.(pageId, appId);
      if (live !== undefined) return live;
      const id = `${at}app:${pageId}/${appId}`;
      return (actors.get(id) ?? register(pseudoActor(id, undefined, page(pageId)), {})).sessionId;
    };
    const thread = (pageId: string, psid: string, snapshot: { value?: unknown; context?: unknown }) => {
      const id = `${at}thread:${pageId}/${psid}`;
      return actors.get(id) ?? register(pseudoActor(id, platform.profile.threadControl, page(pageId)), snapshot);
    };

    for (const pageId of platform.pageIds()) {
      page(pageId);
      for (const t of platform.threads(pageId)) thread(pageId, t.psid, { value: t.value, context: { owner: t.owner } });
    }

    const onTransition = (t: PlatformTransition) => {
      const snapshot = { status: 'active' as const, value: t.value, context: t.context };
      const { pageId } = t;
      const target = t.psid === null ? page(pageId) : thread(pageId, t.psid, snapshot);
      const caller = (t.event as { caller?: unknown }).caller;
      const source = typeof caller === 'string' ? app(pageId, caller) : t.machine === 'threadControl' ? page(pageId).sessionId : undefined;
      inspector.event(target, t.event, source === undefined ? {} : { source });
      inspector.snapshot(target, snapshot, { event: t.event });
    };
    const off = platform.onTransition(onTransition);
    detachers.add(off);
    return () => {
      off();
      detachers.delete(off);
    };
  };

  const steppedActor: StatelyInspector['steppedActor'] = (sessionId, machine, snapshot, options = {}) => {
    const parent = options.parentId === undefined ? undefined : pseudoActor(options.parentId);
    const actor = pseudoActor(sessionId, machine, parent);
    inspector.actor(actor, { status: 'active', value: snapshot.value, context: snapshot.context });
    return {
      step(event, next, sourceId) {
        inspector.event(actor, event, sourceId === undefined ? {} : { source: sourceId });
        inspector.snapshot(actor, { status: 'active', value: next.value, context: next.context }, { event });
      },
    };
  };

  return {
    url: `http://127.0.0.1:${relay.port}/`,
    relayUrl,
    inspect: inspector.inspect,
    attachPlatform,
    steppedActor,
    stop: async () => {
      for (const off of detachers) off();
      // Live actors' events are converted in a setTimeout(0): let them reach the relay before closing.
      await new Promise((resolve) => setTimeout(resolve, 0));
      inspector.stop();
      await relay.close();
    },
  };
}
