import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './http/create-app.js';
import { DEFAULT_HTTP_LIMITS, installHttpHooks, serverOptions, type HttpLimits } from './http/http-server-hooks.js';
import { ServerState } from './http/server-state.js';
import { Platform, type PlatformOptions } from './platform.js';
import type { Retention } from './retained-log.js';
import type { World } from './world/world.schema.js';
import { createWebhookDispatcher, type WebhookDispatcher, type WebhookDispatcherOptions } from './webhooks/webhook-dispatcher.js';

export interface RunningServer {
  url: string;
  port: number;
  platform: Platform;
  /** Present when the server was started with `webhooks`: already started, not yet verified. */
  dispatcher?: WebhookDispatcher;
  /** Stopping flag and incidents (route failures) of this server. */
  state: ServerState;
  /** From now on every request is refused (503 with Meta's envelope, and the connection closed after it). */
  refuseNewRequests(): void;
  /** Stops the server; a running dispatcher is stopped without flushing (call its stop() first to flush). */
  close(): Promise<void>;
}

export interface ServeOptions extends PlatformOptions {
  port?: number;
  host?: string;
  /** Host names accepted besides loopback and the bound address (`--allow-host`). */
  allowHosts?: readonly string[];
  /** Send webhooks to the apps' servers; the Platform then runs on `webhooks.clock` unless `clock` is given. */
  webhooks?: WebhookDispatcherOptions;
  /** Header size and timeouts (defaults: DEFAULT_HTTP_LIMITS). */
  http?: Partial<HttpLimits>;
  /** Where the line naming a path handover-sim does not model goes (default: console.warn). */
  log?: (line: string) => void;
}

/** Starts the fake Graph API on a port (0: any free one) of the given host (loopback by default). */
export async function startServer(world: World, options: ServeOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? options.webhooks?.clock;
  const platform = new Platform(world, { ...options, ...(clock && { clock }) });
  const retainDeliveries: Retention | undefined = typeof options.retainEvents === 'boolean' ? undefined : options.retainEvents;
  const dispatcher = options.webhooks && createWebhookDispatcher(platform, {
    ...(retainDeliveries !== undefined && { retainDeliveries }),
    ...options.webhooks,
  });
  dispatcher?.start();
  const host = options.host ?? '127.0.0.1';
  const state = new ServerState();
  const app = createApp(platform, {
    ...(dispatcher && { dispatcher }),
    ...(options.log && { log: options.log }),
    state,
    hosts: { boundHost: host, allowHosts: options.allowHosts ?? [] },
  });
  const server: Server = createServer(serverOptions({ ...DEFAULT_HTTP_LIMITS, ...options.http }), app);
  installHttpHooks(server, platform, state);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    platform,
    ...(dispatcher && { dispatcher }),
    state,
    refuseNewRequests() {
      // Idle keep-alive connections stay open: closing them now races a client's next request into a reset;
      // each request on them is answered 503 with `Connection: close` instead.
      state.stopping = true;
    },
    close: async () => {
      await dispatcher?.stop({ flush: false });
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
