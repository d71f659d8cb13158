import { connect } from 'node:net';
import { startServer, type RunningServer, type ServeOptions } from '../../../fake-graph-api/index.js';
import { startReceiver, type Answer } from '../webhooks/fixtures/receiver.js';
import { world, type Urls } from '../webhooks/fixtures/world.js';

/** The webhook world of specs/fake-graph-api/webhooks, served for real on loopback with webhooks on. */
export async function serveWorld(urls: Urls, options: ServeOptions = {}): Promise<RunningServer> {
  return startServer(world(urls), { port: 0, ...options, webhooks: { timeoutMs: 2_000, ...options.webhooks } });
}

/** `{a:{a:{…{}}}}`, `depth` objects deep (1: `{}`), built without recursion. */
export function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

/** Sends raw bytes on a fresh connection and resolves with everything the server wrote before it closed. */
export function rawRequest(port: number, bytes: string | Buffer, { endAfterWrite = false } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => { answer += d.toString('latin1'); });
    socket.on('error', (err) => (answer ? resolve(answer) : reject(err)));
    socket.on('close', () => resolve(answer));
    socket.write(bytes, () => {
      if (endAfterWrite) socket.end();
    });
  });
}

/** Splits a raw HTTP answer into its status line, lower-cased headers and JSON body. */
export function parseRaw(raw: string): { status: number; headers: Record<string, string>; body: unknown } {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const [statusLine, ...headerLines] = head!.split('\r\n');
  const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const text = rest.join('\r\n\r\n');
  return { status: Number(statusLine!.split(' ')[1]), headers, body: text === '' ? undefined : JSON.parse(text) };
}

/** A served world whose bot and desk webhooks are real receivers answering as told; close() stops all three. */
export async function serveWithReceivers(answers: { bot?: Answer; desk?: Answer } = {}, options: ServeOptions = {}) {
  const bot = await startReceiver(answers.bot);
  const desk = await startReceiver(answers.desk);
  const server = await serveWorld({ bot: bot.url, desk: desk.url }, options);
  return {
    server,
    close: async () => {
      await server.close();
      await bot.close();
      await desk.close();
    },
  };
}
