import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { graphError, type GraphError } from '../graph-errors.js';
import type { Platform } from '../platform.js';
import type { ServerState } from './server-state.js';

/**
 * What Node answers before express sees a request: oversized headers (431), unparseable HTTP (400),
 * slow clients (408), CONNECT and upgrades. Node's own answers have empty bodies (or none at all);
 * these hooks write Meta's envelope instead, straight to the socket, and close it.
 */
export interface HttpLimits {
  /** Largest request head, in bytes (Node's default is 16 KiB). */
  maxHeaderSize: number;
  /** A request's headers must arrive within this (ms). */
  headersTimeoutMs: number;
  /** A whole request must arrive within this (ms). */
  requestTimeoutMs: number;
  /** How often Node looks for requests over their time (ms). */
  checkIntervalMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxHeaderSize: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
};

/** The options for `http.createServer` that these limits mean. */
export const serverOptions = (limits: HttpLimits) => ({
  maxHeaderSize: limits.maxHeaderSize,
  headersTimeout: limits.headersTimeoutMs,
  requestTimeout: limits.requestTimeoutMs,
  connectionsCheckingInterval: limits.checkIntervalMs,
});

function writeRaw(socket: Duplex, { status, body }: GraphError): void {
  if (!socket.writable) return void socket.destroy();
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`
    + 'Content-Type: application/json; charset=utf-8\r\n'
    + `Content-Length: ${Buffer.byteLength(json)}\r\n`
    + 'Connection: close\r\n\r\n'
    + json,
  );
}

export function installHttpHooks(server: Server, platform: Platform, state: ServerState): void {
  const fbtrace = () => platform.ids.fbtraceId();
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    // A reset connection has no one to answer; a response already under way cannot be replaced.
    if (err.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
      return void socket.destroy();
    }
    const error = err.code === 'HPE_HEADER_OVERFLOW'
      ? graphError('headers_too_large', fbtrace())
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'HPE_HEADERS_TIMEOUT'
        ? graphError('request_timeout', fbtrace())
        : graphError('malformed_http', fbtrace(), { detail: (err.code ?? err.message).toLowerCase().replace(/^hpe_/, '').replaceAll('_', ' ') });
    writeRaw(socket, error);
  });
  const refuseMethod = (req: IncomingMessage, socket: Duplex) => {
    writeRaw(socket, graphError(state.stopping ? 'server_stopping' : 'method_not_allowed', fbtrace(), { method: req.method ?? '?' }));
  };
  server.on('connect', refuseMethod);
}
