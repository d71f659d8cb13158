import type { Response } from 'express';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Writes a long list without building one string and without holding the event loop: items are
 * serialized a chunk at a time, the socket's backpressure is respected, and other requests
 * (/__admin/health) are served between chunks. The bytes are those res.json() would have sent.
 */
const CHUNK_ITEMS = 100;
/** …or fewer, once a chunk holds this many characters: a turn of the event loop stays around a millisecond. */
const CHUNK_CHARS = 16 * 1024;

export interface JsonStream {
  /** `json`: `head` + items joined by commas + `tail`; `ndjson`: one item per line. */
  format: 'json' | 'ndjson';
  head?: string;
  items: Iterable<unknown>;
  tail?: string | (() => string);
}

export async function streamJson(res: Response, stream: JsonStream): Promise<void> {
  const json = stream.format === 'json';
  res.status(200).type(json ? 'application/json; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
  let chunk = json ? (stream.head ?? '') : '';
  let count = 0;
  let first = true;
  for (const item of stream.items) {
    if (json && !first) chunk += ',';
    first = false;
    chunk += serializeOne(item);
    if (!json) chunk += '\n';
    if (++count >= CHUNK_ITEMS || chunk.length >= CHUNK_CHARS) {
      count = 0;
      if (!(await flush(res, chunk))) return;
      chunk = '';
    }
  }
  if (json) chunk += typeof stream.tail === 'function' ? stream.tail() : (stream.tail ?? '');
  res.end(chunk);
}

/** An item that cannot be serialized (a bug) is written as its reason, never a dead response. */
function serializeOne(item: unknown): string {
  try {
    return JSON.stringify(item) ?? 'null';
  } catch (err) {
    return JSON.stringify({ unserializable: err instanceof Error ? err.message : String(err) });
  }
}

/** Writes, waits for the socket to drain if it asked to, and yields a turn; false when the client went away. */
async function flush(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(chunk)) {
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  }
  await nextTurn();
  return !res.destroyed;
}
