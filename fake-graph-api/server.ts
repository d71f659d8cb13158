import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './http/create-app.js';
import { Platform, type PlatformOptions } from './platform.js';
import type { World } from './world/world.schema.js';

export interface RunningServer {
  url: string;
  port: number;
  platform: Platform;
  close(): Promise<void>;
}

export interface ServeOptions extends PlatformOptions {
  port?: number;
  host?: string;
}

/** Starts the fake Graph API on a port (0: any free one) of the given host (loopback by default). */
export async function startServer(world: World, options: ServeOptions = {}): Promise<RunningServer> {
  const platform = new Platform(world, options);
  const app = createApp(platform);
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
