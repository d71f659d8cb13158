import type { Platform } from '../../fake-graph-api/platform.js';
import { startStatelyInspector, type AttachOptions, type StatelyInspector } from './stately.js';

/**
 * What `serve --inspect [port]` and `simulate --inspect [port]` do: start the relay on loopback, stream
 * the platform's pages and threads to it, print the URL to open. The caller passes `inspector.inspect`
 * to `createActor` for its live actors and calls `inspector.stop()` at the end.
 */
export async function startInspectorFor(
  platform: Platform,
  port: number | true,
  write: (line: string) => void = console.log,
  attach: AttachOptions = {},
): Promise<StatelyInspector> {
  const inspector = await startStatelyInspector({ port: port === true ? 0 : port });
  inspector.attachPlatform(platform, attach);
  write(`  Stately inspector: open ${inspector.url}`);
  write('    (the inspector UI loads from stately.ai and needs the internet; the event stream stays on this machine)');
  return inspector;
}
