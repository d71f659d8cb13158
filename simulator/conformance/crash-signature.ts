/**
 * What a crashed bot's stderr says about the crash itself, apart from everything else it wrote (request
 * logs, bodies, warnings): the error as thrown, the stack frames in the bot's own files, and the block
 * that shows them. Two crashes are the same bug when their errors and own frames are the same, whatever
 * the bot logged before dying, so the key is made of those alone.
 *
 * Read: Node's report of an uncaught exception or an unhandled rejection (`file:///…:113`, the source line,
 * a caret, `TypeError: …`, `    at …` frames, `Node.js v20…`), and Python's traceback (`Traceback (most
 * recent call last):`, `  File "…", line N, in f`, `KeyError: 'messaging'`). Anything else leaves no error:
 * the crash is then known by its exit alone.
 */
export interface CrashSignature {
  /** The error's first line: `TypeError: entry.messaging is not iterable`. */
  error: string;
  /**
   * The frames in the bot's own files, innermost first: `handle (file:///…/bot-kit.mjs:113:34)`; when it
   * has none (the crash is inside a framework), the framework's innermost three.
   */
  frames: string[];
  /** The lines of stderr that show the crash (where it was thrown, the error, its frames), for the report. */
  block: string[];
  /** What tells two crashes apart: the error (numbers of 3 digits or more made `N`) and the own frames. */
  key: string;
}

/** `Error: …`, `TypeError: …`, `Error [ERR_X]: …`, `UnhandledPromiseRejection: …`, `KeyError: 'x'`, `[UnhandledPromiseRejection: …]`. */
const ERROR_LINE = /^\[?(?:Uncaught )?(?:[A-Za-z_$][\w$.]*)?(?:Error|Exception|Rejection|Interrupt|Exit)\b(?: \[[A-Z_0-9]+\])?(?::|\]|$)/;
const NODE_FRAME = /^\s+at\s+(.*)$/;
const PYTHON_FRAME = /^\s+File "([^"]+)", line (\d+), in (.+)$/;
/** Node's own code, an installed library or Node's closing line: not the bot's. */
const NOT_OWN = /\(node:|^node:|\bnode:internal\b|[/\\]node_modules[/\\]|^<anonymous>|\(<anonymous>\)$|site-packages|dist-packages|^Array\.|^new Promise|^process\./;

/** An installed library's file (node_modules, site-packages): the frames of a crash that has none of the bot's own. */
const IN_LIBRARY = /[/\\](?:node_modules|site-packages|dist-packages)[/\\]/;
const LIBRARY_FRAMES = 3;

export function crashSignature(stderr: readonly string[]): CrashSignature | undefined {
  const python = lastIndex(stderr, (l) => l.startsWith('Traceback (most recent call last):'));
  if (python >= 0) return pythonCrash(stderr, python);
  const at = lastIndex(stderr, (l) => ERROR_LINE.test(l));
  if (at < 0) return undefined;
  const error = stderr[at]!.replace(/^\[/, '');
  const frames: string[] = [];
  const library: string[] = [];
  let end = at + 1;
  for (; end < stderr.length; end++) {
    const frame = NODE_FRAME.exec(stderr[end]!);
    if (!frame) break;
    if (!NOT_OWN.test(frame[1]!)) frames.push(frame[1]!);
    else if (IN_LIBRARY.test(frame[1]!)) library.push(frame[1]!);
  }
  // A bug inside a framework the bot runs on (Botkit's adapter dies on a standby entry): its frames are where it is.
  if (frames.length === 0) frames.push(...library.slice(0, LIBRARY_FRAMES));
  // Node prints where it was thrown above the error: `file:///…:113`, the source line, a caret, a blank line.
  let start = at;
  for (let i = at - 1; i >= Math.max(0, at - 5); i--) {
    if (/^(?:file:\/\/|\/|[A-Za-z]:\\|node:).*:\d+$/.test(stderr[i]!)) {
      start = i;
      break;
    }
  }
  const block = stderr.slice(start, end).filter((l, i, all) => !(l.trim() === '' && (i === 0 || all[i - 1]!.trim() === '')));
  return { error, frames, block, key: keyOf(error, frames) };
}

function pythonCrash(stderr: readonly string[], start: number): CrashSignature {
  const frames: string[] = [];
  let i = start + 1;
  for (; i < stderr.length; i++) {
    const frame = PYTHON_FRAME.exec(stderr[i]!);
    if (frame) {
      if (!NOT_OWN.test(frame[1]!)) frames.unshift(`${frame[3]} (${frame[1]}:${frame[2]})`);
      continue;
    }
    if (/^\s/.test(stderr[i]!)) continue; // the source line under a frame
    break;
  }
  const error = stderr[i] ?? 'Traceback';
  return { error, frames, block: stderr.slice(start, i + 1), key: keyOf(error, frames) };
}

// Ids and counts in a message (a PSID, a port) differ between two meetings of the same bug.
const keyOf = (error: string, frames: readonly string[]) => [error.replace(/\d{3,}/g, 'N'), ...frames].join('\n');

function lastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}
