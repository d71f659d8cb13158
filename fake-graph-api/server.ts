import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './http/create-app.js';
import { Platform, type PlatformOptions } from './platform.js';
import type { World } from './world/world.schema.js';
import { createWebhookDispatcher, type WebhookDispatcher, type WebhookDispatcherOptions } from './webhooks/webhook-dispatcher.js';

export interface RunningServer {
  url: string;
  port: number;
  platform: Platform;
  /** Present when the server was started with `webhooks`: already started, not yet verified. */
  dispatcher?: WebhookDispatcher;
  /** Stops the server; a running dispatcher is stopped without flushing (call its stop() first to flush). */
  close(): Promise<void>;
}

export interface ServeOptions extends PlatformOptions {
  port?: number;
  host?: string;
  /** Send webhooks to the apps' servers; the Platform then runs on `webhooks.clock` unless `clock` is given. */
  webhooks?: WebhookDispatcherOptions;
  /** Where the line naming a path handover-sim does not model goes (default: console.warn). */
  log?: (line: string) => void;
}

/** Starts the fake Graph API on a port (0: any free one) of the given host (loopback by default). */
export async function startServer(world: World, options: ServeOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? options.webhooks?.clock;
  const platform = new Platform(world, { ...options, ...(clock && { clock }) });
  const dispatcher = options.webhooks && createWebhookDispatcher(platform, options.webhooks);
  dispatcher?.start();
  const app = createApp(platform, { ...(dispatcher && { dispatcher }), ...(options.log && { log: options.log }) });
  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port ?? 0, host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    platform,
    ...(dispatcher && { dispatcher }),
    close: async () => {
      await dispatcher?.stop({ flush: false });
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
