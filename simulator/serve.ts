import { isLoopback } from '../fake-graph-api/http/local-only.js';
import { DEFAULT_SERVE_RETENTION } from '../fake-graph-api/retained-log.js';
import { startServer, type RunningServer, type ServeOptions } from '../fake-graph-api/server.js';
import type { DeliveryReport } from '../fake-graph-api/webhooks/delivery-queue.js';
import type { World } from '../fake-graph-api/world/world.schema.js';
import { DEFAULT_DRAIN_TIMEOUT_MS, RemoteBindRefused } from './serve-defaults.js';

export interface ServeCommandOptions extends ServeOptions {
  /** No line per webhook delivery (handshake results, unsubscriptions and the stop report still print). */
  quiet?: boolean;
  /** Binding `host` to a non-loopback address needs this: anyone who reaches it can drive the fake. */
  allowRemote?: boolean;
}

export { DEFAULT_DRAIN_TIMEOUT_MS };

export { RemoteBindRefused };

/**
 * `handover-sim serve`: the fake on a port, what a bot developer needs to point a bot at it, webhooks
 * delivered to the apps' servers (handshake first, one line per delivery), clean stop.
 */
export async function serve(world: World, options: ServeCommandOptions = {}, write: (line: string) => void = console.log): Promise<RunningServer> {
  const { quiet, webhooks, allowRemote, ...rest } = options;
  const host = rest.host ?? '127.0.0.1';
  if (!isLoopback(host) && !allowRemote) throw new RemoteBindRefused(host);
  if (!isLoopback(host)) {
    write(`handover-sim: WARNING: listening on ${host}, not loopback: anyone on the network can read and drive this fake (its tokens are in the world file).`);
  }
  const server = await startServer(world, {
    retainEvents: DEFAULT_SERVE_RETENTION,
    ...rest,
    webhooks: {
      ...webhooks,
      ...(quiet ? {} : { onDelivery: (report: DeliveryReport) => write(deliveryLine(report)) }),
      onLog: (message) => write(message),
    },
    log: write,
  });
  reportFirstDrops(server, write);
  write(`handover-sim: fake Graph API (profile ${world.profile}) listening on ${server.url}`);
  write(`  Graph API base URL: ${server.url} (any /vNN.N prefix, node "me" or the page id)`);
  write('  a path not modelled (docs/graph-surface.md lists those that are) answers Meta\'s error with x-handover-sim: not-modelled');
  for (const page of world.pages) {
    write(`  page ${page.id} "${page.name}"`);
    for (const app of page.apps) {
      const token = app.accessToken ? `access_token=${app.accessToken}` : 'played by the fake';
      write(`    ${(app.role ?? 'no role').padEnd(9)} ${app.id.padEnd(16)} ${app.name.padEnd(14)} ${token}`);
      if (app.webhook) write(`      webhook ${app.webhook.url} fields ${app.webhook.fields.join(',')}`);
    }
    const ig = page.instagram;
    if (ig === undefined) continue;
    // The same apps, through the Page's tokens; the Instagram Inbox is connected without being listed.
    write(`    instagram ${ig.id} @${ig.username} (${ig.protocol ?? 'conversation-routing'}${ig.defaultApp ? `, default app ${ig.defaultApp}` : ''}): apps ${ig.apps.map((a) => a.id).join(', ') || 'none'}; users ${ig.users.map((u) => u.igsid).join(', ') || 'none'}`);
  }
  write('  admin routes:');
  for (const route of [
    'GET  /__admin/health',
    'GET  /__admin/pages',
    'POST /__admin/pages/{page}/users/{psid}/messages   {"text":"…"} | {"postback":{"title":"…","payload":"…"}}',
    '                                                    {"text":"…","quick_reply":{"payload":"…"}} | {"attachment":{"type":"image","url":"…"}} | {"like":true}',
    'POST /__admin/pages/{page}/users/{psid}/referrals  {"ref":"…"} | {"ad_id":"…"}',
    'POST /__admin/pages/{page}/users/{psid}/reads      {} | {"watermark":MS}',
    'POST /__admin/pages/{page}/users/{psid}/deliveries the bot\'s messages reach the user',
    'POST /__admin/pages/{page}/users/{psid}/get-started {} | {"app":"APP_ID"}: taps the Get Started button',
    'POST /__admin/pages/{ig}/users/{igsid}/reactions  {"mid":"…","reaction":"love"} | {"mid":"…","action":"unreact"} (Instagram)',
    'POST /__admin/pages/{ig}/users/{igsid}/deleted-messages {"mid":"…"} (Instagram: the person unsends it)',
    'POST /__admin/pages/{page}/inbox/{psid}/done',
    'POST /__admin/pages/{page}/inbox/{psid}/move-to-inbox',
    'PUT  /__admin/pages/{page}/roles                   {"primary":"APP_ID"|null,"secondary":["APP_ID",…]}',
    'GET  /__admin/pages/{page}/threads/{psid}',
    'GET  /__admin/events[?after=SEQ&limit=N]               (Accept: application/x-ndjson streams it)',
    'GET  /__admin/deliveries[?state=pending|delivered|failed&after=SEQ&limit=N]',
    'POST /__admin/apps/{app}/verify                    rerun the webhook handshake',
    'POST /__admin/pages/{page}/inbox/{psid}/reply      {"text":"…"}',
    'POST /__admin/reset',
    'GET  /__inspector                                   the live inspector page (offline)',
  ]) {
    write(`    ${route}`);
  }
  const results = await server.dispatcher!.verifyAll();
  if (results.length === 0) write('webhooks: no app has a webhook; events are recorded only (GET /__admin/events)');
  // Failures were written by the dispatcher's log as they happened (as on POST /__admin/apps/{app}/verify).
  for (const r of results.filter((r) => r.ok)) write(`webhooks: ${r.appName} (${r.appId}) on page ${r.pageId} verified at ${r.url}`);
  write('Press Ctrl-C to stop.');
  return server;
}

/** One line per delivery: app, channel, event kind, PSID, status. */
export function deliveryLine({ record, attempt, outcome, retryInMs }: DeliveryReport): string {
  const answer = attempt === undefined ? '' : attempt.status !== undefined ? `HTTP ${attempt.status}` : attempt.error ?? '';
  const what = outcome === 'retrying'
    ? `retry in ${formatMs(retryInMs ?? 0)}`
    : outcome === 'failed' ? `FAILED: ${record.reason ?? ''}` : 'delivered';
  const latency = attempt === undefined ? '' : ` ${Math.round(attempt.latencyMs)} ms`;
  return `webhook ${record.appName} ${record.channel} ${record.kind} psid=${record.psid ?? '-'} ${answer}${answer ? ' ' : ''}${what}${outcome === 'failed' ? '' : latency}`;
}

function formatMs(ms: number): string {
  return ms >= 60_000 ? `${ms / 60_000} min` : ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
}

/** The first time retention drops an event or a delivery record, one line says so (and how to keep more). */
function reportFirstDrops(server: RunningServer, write: (line: string) => void): void {
  let eventsWarned = false;
  let deliveriesWarned = false;
  const off = server.platform.onEvent(() => {
    if (!eventsWarned && server.platform.eventLog.dropped > 0) {
      eventsWarned = true;
      write(`handover-sim: the event log keeps the newest ${server.platform.eventLog.size} events; older ones are now dropped (counted in GET /__admin/health; --retain-events all keeps every one)`);
    }
    if (!deliveriesWarned && (server.dispatcher?.deliveryCounts().dropped ?? 0) > 0) {
      deliveriesWarned = true;
      write('handover-sim: the delivery log now drops its oldest settled records (counted in GET /__admin/health)');
    }
    if (eventsWarned && (deliveriesWarned || !server.dispatcher)) off();
  });
}

/**
 * Any exception that escapes a route or a delivery (a bug) is logged and kept as an incident
 * (GET /__admin/incidents); the server goes on serving. Returns how to remove the guard.
 */
export function guardProcess(server: RunningServer, write: (line: string) => void = console.error): () => void {
  const onError = (err: unknown) => {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    server.state.incidents.push({ time: server.platform.clock.now(), where: 'process', error });
    write(`handover-sim: internal error, kept running (GET /__admin/incidents): ${error}`);
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return () => {
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
  };
}

/**
 * Stops the server truthfully: new requests are refused at once (503), pending deliveries get one last
 * try until the drain deadline, and every event left undelivered is listed. Answers how many were left.
 */
export async function stopServing(server: RunningServer, write: (line: string) => void = console.log, drainTimeoutMs = DEFAULT_DRAIN_TIMEOUT_MS): Promise<number> {
  server.refuseNewRequests();
  const { pending } = await server.dispatcher!.stop({ flush: true, deadlineMs: drainTimeoutMs });
  for (const record of pending) {
    write(`webhooks: not delivered: ${record.appName} ${record.channel} ${record.kind} psid=${record.psid ?? '-'} (event ${record.eventIndex}, ${record.attempts.length} attempt(s)): ${record.reason ?? ''}`);
  }
  if (pending.length > 0) write(`webhooks: ${pending.length} event(s) left undelivered`);
  await server.close();
  return pending.length;
}
