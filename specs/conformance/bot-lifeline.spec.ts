import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BotLifeline, describeEvent } from '../../simulator/conformance/bot-lifeline.js';
import type { BotExit } from '../../simulator/conformance/bot-process.js';
import type { Delivery } from '../../simulator/conformance/harness.js';
import { formatRootCauses, knockedOn, notRun, rootCausesOf, withCrashes } from '../../simulator/conformance/root-cause.js';
import type { CheckResult } from '../../simulator/conformance/types.js';

/** Without a process to restart: the bot is known down by a lost connection, and stays down. */
const delivery = (seq: number, over: Partial<Delivery>): Delivery => ({
  seq, at: 1000 + 100 * seq, source: 'harness', kinds: ['message'], channels: ['messaging'], psids: ['3100000001'], body: '{}', headers: {}, latencyMs: 3, ...over,
});
// Nothing listens on port 9 (discard): a look at the webhook finds the bot still down.
const lifeline = () => new BotLifeline({ webhook: 'http://127.0.0.1:9/webhook', verifyToken: 'token' });
const base = { id: 'survives', number: 10, title: 'Survives' };
const unsupervised = "the bot is down since root cause 1; conform did not start it, so it cannot start it again (give the bot's command after --)";

describe('the bot lifeline (no process of its own)', () => {
  it('files one cause per time the bot goes down, on the POST it died reading, never on one that found it dead', async () => {
    const l = lifeline();
    l.beginCheck('every-event-answered');
    await l.delivered(delivery(0, { status: 200 }));
    await l.delivered(delivery(1, { status: 500 })); // an answer, however bad, is not a bot that went down
    expect([l.down, l.causes, l.crashes]).toEqual([false, [], []]);
    const standby = delivery(2, { error: 'UND_ERR_SOCKET', channels: ['standby'] });
    l.sending(standby);
    await l.delivered(standby);
    await l.delivered(delivery(3, { error: 'ECONNREFUSED', label: 'app_roles' }));
    expect(l.down).toBe(true);
    // The 500 was answered well before the standby POST was sent: the bot was alive and reading that one.
    expect(l.causes).toEqual([{ key: 'down:1', after: 'message on standby', attributed: 'only-candidate', frames: [], stderr: [], times: 1, toldOn: standby }]);
    expect(l.crashes.map((c) => [c.cause, c.checks, c.event?.seq])).toEqual([[1, ['every-event-answered'], 2]]);
    // A timeout is a slow bot, not a dead one.
    const slow = lifeline();
    await slow.delivered(delivery(0, { error: 'timeout after 5000 ms' }));
    expect([slow.down, slow.causes]).toEqual([false, []]);
  });

  it('an answer that came while the fatal POST was on its way is a suspect too: "one of", both checks named', async () => {
    const l = lifeline();
    l.beginCheck('keeps-listening');
    await l.delivered(delivery(0, { status: 200, latencyMs: 30, scope: 'keeps-listening' })); // answered at 1030
    const forged = delivery(2, { at: 1020, error: 'UND_ERR_SOCKET', label: 'a forged signature', scope: 'forged-signature' });
    l.sending(forged);
    await l.delivered(forged);
    expect(l.causes.map((c) => [c.after, c.attributed])).toEqual([['one of: message, a forged signature', 'ambiguous']]); // in the order they were sent
    expect(l.crashes[0]!.checks).toEqual(['keeps-listening', 'forged-signature']);
  });

  it('stays down while nothing answers on the webhook', async () => {
    const l = lifeline();
    await l.delivered(delivery(0, { error: 'ECONNREFUSED' }));
    expect(await l.waitUntilUp(0)).toBe(false);
    expect(l.down).toBe(true);
  });

  it('the check whose stimulus it was fails with the cause; a check beside it is not judged; later checks are not run', async () => {
    const l = lifeline();
    l.beginCheck('every-event-answered');
    const standby = delivery(0, { error: 'UND_ERR_SOCKET', channels: ['standby'], label: 'standby message', scope: 'every-event-answered' });
    l.sending(standby);
    await l.delivered(standby);
    const check: CheckResult = { ...base, id: 'every-event-answered', number: 2, status: 'fail', summary: '3 of 10 deliveries not answered', excerpt: ['+0ms → webhook'], durationMs: 5 };
    const failed = withCrashes(check, l.crashes, l);
    expect(failed).toEqual({
      ...check,
      summary: 'the bot went down on standby message: root cause 1',
      excerpt: ['what the check saw otherwise: FAIL 3 of 10 deliveries not answered', '+0ms → webhook'],
      rootCause: 1,
    });
    expect(withCrashes(check, [], l)).toBe(check);
    const beside: CheckResult = { ...base, id: 'keeps-listening', number: 4, status: 'fail', summary: 'no answer', excerpt: [], durationMs: 7 };
    const knocked = knockedOn({ ...base, id: 'keeps-listening', number: 4 }, 1, l, 10_000, beside);
    expect(knocked).toEqual({
      ...base, id: 'keeps-listening', number: 4, status: 'not-run', knockedOnBy: 1, durationMs: 7,
      summary: `not judged: root cause 1 (the bot went down on standby message, in every-event-answered) came while this check ran; ${unsupervised}`,
      excerpt: ['what the check saw beside the crash: FAIL no answer'],
    });
    const later = notRun(base, l, 10_000);
    expect(later).toEqual({ ...base, status: 'not-run', summary: `not run: ${unsupervised}`, excerpt: [], durationMs: 0 });
    const causes = rootCausesOf(l, [failed, knocked, later]);
    expect(causes).toEqual([{ after: 'standby message', attributed: 'only-candidate', check: 'every-event-answered', failed: ['every-event-answered'], knockedOn: ['keeps-listening'], times: 1, frames: [], stderr: [] }]);
    expect(formatRootCauses(causes)).toEqual([
      'root cause: one distinct reason the bot went down (1 time in all)',
      '  1. the bot stopped answering',
      '     on standby message (the only event it was handling), first in every-event-answered',
      '     failed: every-event-answered',
      '     not judged because of it: keeps-listening',
    ]);
  });

  it('names an event by the label its check gave it, or by its kinds and channels', () => {
    expect(describeEvent(delivery(0, { label: 'a forged signature' }))).toBe('a forged signature');
    expect(describeEvent(delivery(0, { kinds: ['postback', 'message'], channels: ['standby', 'messaging'] }))).toBe('postback on standby, message');
  });
});

describe('up means answering the handshake', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** Meta's sample apps: `if (mode && token) { … }` and no else, so a bare GET hangs. */
  const handshakeOnly = (verifyToken: string) =>
    new Promise<string>((resolve) => {
      server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (!url.searchParams.has('hub.mode')) return; // never answered
        const ok = url.searchParams.get('hub.verify_token') === verifyToken;
        res.writeHead(ok ? 200 : 403).end(ok ? url.searchParams.get('hub.challenge') : 'Forbidden');
      });
      server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server!.address() as { port: number }).port}/webhook`));
    });

  it('a bot that answers only the hub GET is up; a wrong-token 403 is an answer too', async () => {
    const webhook = await handshakeOnly('right');
    expect(await new BotLifeline({ webhook, verifyToken: 'right' }).waitUntilUp(0)).toBe(true);
    expect(await new BotLifeline({ webhook, verifyToken: 'wrong' }).waitUntilUp(0)).toBe(true);
  });

  it('a webhook that answers nothing within the wait is not up', async () => {
    server = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const webhook = `http://127.0.0.1:${(server.address() as { port: number }).port}/webhook`;
    server.closeAllConnections();
    expect(await new BotLifeline({ webhook, verifyToken: 'right' }).waitUntilUp(0)).toBe(false);
  });
});

describe('a supervised bot: a cause met again is told by the event it was told on the first time', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A process that dies when told to, with Node's stack of the sample app's `entry.messaging.forEach`. */
  class Process {
    exited: BotExit | undefined;
    private listeners: ((exit: BotExit) => void)[] = [];
    start(): void {
      this.exited = undefined;
    }
    onExit(listener: (exit: BotExit) => void): () => void {
      this.listeners.push(listener);
      return () => undefined;
    }
    waitForExit(): Promise<BotExit | undefined> {
      return Promise.resolve(this.exited);
    }
    async stop(): Promise<void> {}
    die(): void {
      this.exited = { how: 'exit code 1', stderr: ['/srv/app.js:107', "TypeError: Cannot read properties of undefined (reading 'forEach')", '    at /srv/app.js:107:23'] };
      for (const listener of this.listeners) listener(this.exited);
    }
  }

  it('dies on every standby entry: told on a standby postback first, then on the standby message, not on the POST its death cut', async () => {
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    const process = new Process();
    const replayed: Delivery[] = [];
    const l = new BotLifeline({
      webhook: `http://127.0.0.1:${(server.address() as { port: number }).port}/webhook`,
      verifyToken: 'token',
      process,
      replay: async (d) => (replayed.push(d), d),
    });
    expect(await l.waitUntilUp(0)).toBe(true);
    l.beginCheck('every-event-answered');
    const postback = delivery(0, { at: Date.now(), kinds: ['postback'], channels: ['standby'], error: 'UND_ERR_SOCKET', label: 'standby postback', scope: 'every-event-answered' });
    l.sending(postback);
    process.die();
    await l.delivered(postback);
    await l.ready();
    expect(l.causes.map((c) => [c.after, c.attributed, c.toldOn?.seq])).toEqual([['standby postback', 'only-candidate', 0]]);

    // Side by side: it answered a standby message 200 and died on it, cutting a pass_thread_control of
    // another check's. Only the standby message is on the channel the cause was told on.
    l.beginCheck('pass-target');
    const standby = delivery(1, { at: Date.now(), channels: ['standby'], status: 200, scope: 'keeps-listening' });
    await l.delivered(standby);
    const pass = delivery(2, { at: Date.now(), kinds: ['pass_thread_control'], error: 'UND_ERR_SOCKET', scope: 'pass-target' });
    l.sending(pass);
    process.die();
    await l.delivered(pass);
    await l.ready();
    expect(l.crashes.map((c) => [c.cause, c.event?.seq, c.checks])).toEqual([
      [1, 0, ['every-event-answered']],
      [1, 1, ['keeps-listening']],
    ]);
    expect([l.causes.length, l.causes[0]!.times, replayed]).toEqual([1, 2, []]);
  });
});
