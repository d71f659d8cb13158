import { startServer, type RunningServer, type ServeOptions } from '../fake-graph-api/server.js';
import type { DeliveryReport } from '../fake-graph-api/webhooks/delivery-queue.js';
import type { World } from '../fake-graph-api/world/world.schema.js';

export interface ServeCommandOptions extends ServeOptions {
  /** No line per webhook delivery (handshake results, unsubscriptions and the stop report still print). */
  quiet?: boolean;
}

/**
 * `handover-sim serve`: the fake on a port, what a bot developer needs to point a bot at it, webhooks
 * delivered to the apps' servers (handshake first, one line per delivery), clean stop.
 */
export async function serve(world: World, options: ServeCommandOptions = {}, write: (line: string) => void = console.log): Promise<RunningServer> {
  const { quiet, webhooks, ...rest } = options;
  const server = await startServer(world, {
    ...rest,
    webhooks: {
      ...webhooks,
      ...(quiet ? {} : { onDelivery: (report: DeliveryReport) => write(deliveryLine(report)) }),
      onLog: (message) => write(message),
    },
    log: write,
  });
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
    'POST /__admin/pages/{page}/inbox/{psid}/done',
    'POST /__admin/pages/{page}/inbox/{psid}/move-to-inbox',
    'PUT  /__admin/pages/{page}/roles                   {"primary":"APP_ID"|null,"secondary":["APP_ID",…]}',
    'GET  /__admin/pages/{page}/threads/{psid}',
    'GET  /__admin/events',
    'GET  /__admin/deliveries[?state=pending|delivered|failed]',
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

/** Stops the server: pending deliveries get one last try (flush), and whatever still failed is reported. */
export async function stopServing(server: RunningServer, write: (line: string) => void = console.log): Promise<number> {
  const { pending } = await server.dispatcher!.stop({ flush: true });
  for (const record of pending) {
    write(`webhooks: not delivered: ${record.appName} ${record.channel} ${record.kind} psid=${record.psid ?? '-'} (event ${record.eventIndex}, ${record.attempts.length} attempt(s))`);
  }
  if (pending.length > 0) write(`webhooks: ${pending.length} event(s) left undelivered`);
  await server.close();
  return pending.length;
}
