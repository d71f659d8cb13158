import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Platform, type Caller, type Outcome } from '../../fake-graph-api/index.js';
import { createWebhookDispatcher, type WebhookDispatcher } from '../../fake-graph-api/webhooks/webhook-dispatcher.js';
import { buildReal, startHarnessServer, stopHarnessServer, threadKey, type Http, type Real, type SystemUnderTest } from './support/harness.js';
import * as ref from './support/reference-model.js';
import { assertProperty, checkParams, replayCommand, replayPathOf } from './support/run-property.js';
import { NEW_PSID, toModel, worldSpecArb, type WorldSpec } from './support/world.arbitrary.js';

/**
 * Concurrency: after a few serial calls, a batch of 2–4 pass, take, send and user-message calls is
 * issued concurrently, in an order fc.scheduler chooses, and every webhook POST the real dispatcher
 * (fake-graph-api/webhooks) makes reaches its app when the scheduler lets it.
 *  - linearizability: the answers, the final owners and each app's recorded events equal those the
 *    reference model gives for SOME serial order of the same calls;
 *  - order: the events of one thread reach each app (over its webhook) in the order they were produced,
 *    each exactly once.
 */
const FILE = 'specs/properties/concurrency.spec.ts';
const NUM_RUNS = 40;

type Kind = 'user' | 'pass' | 'take' | 'send';
interface COp {
  kind: Kind;
  app: number;
  target: number;
  user: number;
}

const opArb: fc.Arbitrary<COp> = fc.record({
  kind: fc.constantFrom<Kind>('user', 'pass', 'take', 'send'),
  app: fc.nat(7),
  target: fc.nat(7),
  user: fc.nat(1),
});

/** A call resolved against the world: how to make it over HTTP and what the model says it does. */
interface Call {
  label: string;
  run(real: Real): Promise<Http>;
  predict(page: ref.ModelPage, answer: Http): ref.Prediction;
}

function resolve(op: COp, page: ref.ModelPage): Call | undefined {
  const users = page.users.filter((u) => u !== NEW_PSID);
  const psid = users[op.user % users.length]!;
  const tokenApps = page.apps.filter((a) => a.token !== null);
  const withRole = [...(page.primary === null ? [] : [page.primary]), ...page.secondaries];
  const app = tokenApps[op.app % Math.max(1, tokenApps.length)];
  const short = (id: string | null) => (id === null ? 'none' : id === ref.PAGE_INBOX ? 'inbox' : `app${id.slice(-1)}`);
  const graph = (real: Real, edge: string, body: Record<string, unknown>) =>
    real.http('POST', `/v19.0/me/${edge}?access_token=${encodeURIComponent(app!.token!)}`, body);
  switch (op.kind) {
    case 'user':
      return {
        label: `user${psid.slice(-1)} writes`,
        run: (real) => real.http('POST', `/__admin/pages/${page.id}/users/${psid}/messages`, { text: 'hello' }),
        predict: (p, answer) => ref.userWrites(p, psid, { text: 'hello' }, answer.body?.mid ?? '?'),
      };
    case 'pass': {
      if (!app || withRole.length === 0) return undefined;
      const target = withRole[op.target % withRole.length]!;
      return {
        label: `${short(app.id)} pass(user${psid.slice(-1)} → ${short(target)})`,
        run: (real) => graph(real, 'pass_thread_control', { recipient: { id: psid }, target_app_id: target, metadata: 'm' }),
        predict: (p) => ref.pass(p, app.id, psid, target, 'm'),
      };
    }
    case 'take':
      if (!app) return undefined;
      return {
        label: `${short(app.id)} take(user${psid.slice(-1)})`,
        run: (real) => graph(real, 'take_thread_control', { recipient: { id: psid } }),
        predict: (p) => ref.take(p, app.id, psid, null),
      };
    case 'send':
      if (!app) return undefined;
      return {
        label: `${short(app.id)} send(user${psid.slice(-1)})`,
        run: (real) => graph(real, 'messages', { recipient: { id: psid }, message: { text: 'hi' } }),
        predict: (p, answer) => ref.send(p, app.id, psid, 'hi', answer.body?.message_id ?? '?'),
      };
  }
}

/** Promise.withResolvers arrives with Node 22. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

const json = (v: unknown) => JSON.stringify(v);
const strip = (e: { appId: string; pageId: string; channel: string; event: Record<string, unknown> }) => {
  const { timestamp: _t, ...event } = e.event;
  return { ...e, event };
};
const answerKey = (h: Http) => (h.status === 200 ? 'ok' : `${h.body?.error?.code}/${h.body?.error?.error_subcode ?? ''}`);
const predictedKey = (p: ref.Prediction) => (p.ok ? 'ok' : `${ref.ERRORS[p.error].code}/${ref.ERRORS[p.error].subcode ?? ''}`);
const byApp = (events: readonly ref.ExpectedEvent[]) => {
  const out: Record<string, unknown[]> = {};
  for (const e of events) (out[e.appId] ??= []).push(e);
  return json(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
};

/** How events travel to the apps' webhooks: the real dispatcher, or a planted one. */
type Dispatch = (platform: Platform, fetch: (url: string, init: RequestInit) => Promise<Response>) => { start(): void; drain(): Promise<void>; stop(): Promise<unknown> };
const realDispatcher: Dispatch = (platform, fetch) => {
  const d: WebhookDispatcher = createWebhookDispatcher(platform, { fetch, timeoutMs: 600_000 });
  return { start: () => d.start(), drain: () => d.drain(), stop: () => d.stop({ flush: false }) };
};

interface Delivery {
  url: string;
  pageId: string;
  channel: string;
  event: Record<string, unknown>;
}

function concurrencyProperty(sut: SystemUnderTest = {}, dispatch: Dispatch = realDispatcher) {
  return fc.asyncProperty(
    fc.scheduler(),
    // One page; every app but the Page Inbox has a webhook (all fields unless the world chose some).
    worldSpecArb.map((w): WorldSpec => ({
      pages: w.pages.slice(0, 1).map((p) => ({ ...p, apps: p.apps.map((a) => (a.id === ref.PAGE_INBOX ? a : { ...a, fields: a.fields ?? [...ref.FIELDS] })) })),
    })),
    fc.array(opArb, { maxLength: 3 }),
    fc.array(opArb, { minLength: 2, maxLength: 4 }),
    async (s, spec, prefix, batch) => {
      const real = buildReal(spec, sut, () => {});
      const model = toModel(spec);
      const page = model.pages[0]!;
      const delivered: Delivery[] = [];
      // The network holds webhook POSTs until a flush (a point the scheduler picks among the calls, and the
      // end); then each reaches its app when the scheduler says so. Without the hold, each POST would be the
      // only pending task and go through at once, and no two deliveries could ever race.
      let gate = deferred();
      let open = false;
      const flush = (forGood = false) => {
        open ||= forGood;
        gate.resolve();
        gate = deferred();
      };
      const scheduledFetch = async (url: string, init: RequestInit): Promise<Response> => {
        if (!open) await gate.promise;
        await s.schedule(Promise.resolve(), `webhook → ${url.split('/hook/0/')[1] ?? url}`);
        const body = JSON.parse(String(init.body)) as { entry: { id: string; messaging?: Record<string, unknown>[]; standby?: Record<string, unknown>[] }[] };
        for (const entry of body.entry) {
          for (const channel of ['messaging', 'standby'] as const) {
            for (const event of entry[channel] ?? []) delivered.push({ url, pageId: entry.id, channel, event });
          }
        }
        return new Response('EVENT_RECEIVED', { status: 200 });
      };
      const dispatcher = dispatch(real.platform, scheduledFetch);
      dispatcher.start();
      try {
        // The serial prefix: it sets the scene (e.g. a secondary owning the thread).
        ref.touchAll(model);
        for (const op of prefix) {
          const call = resolve(op, page);
          if (!call) continue;
          const answer = await s.waitFor(call.run(real));
          call.predict(page, answer);
        }
        // Observe every known thread (starting it), as the model does.
        for (const psid of real.platform.users(page.id).map((u) => u.psid)) real.platform.thread(page.id, psid);
        ref.touchAll(model);
        const calls = batch.map((op) => resolve(op, page)).filter((c): c is Call => c !== undefined);
        const logStart = real.platform.events().length;
        const answers: Http[] = new Array(calls.length);
        const issue = s.scheduleFunction(async (i: number) => i);
        const inFlight = calls.map((call, i) => issue(i).then(async () => { answers[i] = await call.run(real); }));
        const flushed = issue(calls.length).then(() => flush()); // the network lets the held POSTs go
        await s.waitFor(Promise.all([...inFlight, flushed]));
        flush(true);
        await s.waitFor(dispatcher.drain());

        const recorded = real.platform.events().slice(logStart).map(strip);
        const owners = new Map(real.platform.users(page.id).map(({ psid }) => [psid, real.platform.thread(page.id, psid)]));
        const observed = {
          answers: answers.map(answerKey),
          owners: json([...owners].map(([psid, t]) => [psid, t.ok ? t.value.owner : 'none'])),
          events: byApp(recorded as ref.ExpectedEvent[]),
        };
        // Linearizability: some serial order of the same calls gives exactly this.
        const explained = permutations(calls.map((_, i) => i)).some((order) => {
          const p = ref.cloneModel(model).pages[0]!;
          const predicted: ref.Prediction[] = new Array(calls.length);
          const events: ref.ExpectedEvent[] = [];
          for (const i of order) {
            predicted[i] = calls[i]!.predict(p, answers[i]!);
            events.push(...predicted[i]!.events);
          }
          return json(predicted.map(predictedKey)) === json(observed.answers)
            && json([...owners].map(([psid]) => [psid, ref.ownerOf(p, psid)])) === observed.owners
            && byApp(events) === observed.events;
        });
        if (!explained) {
          throw new Error(`no serial order of [${calls.map((c) => c.label).join(', ')}] explains what happened:\n answers ${json(observed.answers)}\n owners ${observed.owners}\n events ${observed.events}`);
        }
        // Order: each app's webhook got each event of a thread once, in the order the events were produced.
        const all = real.platform.events();
        for (const app of spec.pages[0]!.apps.filter((a) => a.fields !== null)) {
          const url = `http://127.0.0.1:9/hook/0/${app.id}`;
          for (const psid of owners.keys()) {
            const mine = (e: { event: Record<string, unknown> }) => json(e.event).includes(`"id":"${psid}"`);
            const produced = all.filter((e) => e.appId === app.id && mine(e)).map((e) => json(e.event));
            const got = delivered.filter((d) => d.url === url && mine(d)).map((d) => json(d.event));
            if (json(got) !== json(produced)) {
              throw new Error(`app ${app.id}, thread ${threadKey(page.id, psid)}: events produced in the order\n ${produced.join('\n ')}\n reached the webhook as\n ${got.join('\n ')}`);
            }
          }
        }
      } finally {
        await dispatcher.stop();
        real.close();
      }
    },
  );
}

/** A planted dispatcher: posts every event at once, without waiting for the app to answer the previous one. */
const naiveDispatcher: Dispatch = (platform, fetch) => {
  const pending: Promise<unknown>[] = [];
  let off: (() => void) | undefined;
  return {
    start() {
      off = platform.onEvent((e) => {
        const app = platform.app(e.pageId, e.appId);
        if (!app?.webhook) return;
        const body = JSON.stringify({ object: 'page', entry: [{ id: e.pageId, time: 0, [e.channel]: [e.event] }] });
        pending.push(fetch(app.webhook.url, { method: 'POST', body }));
      });
    },
    drain: async () => { await Promise.all(pending); },
    stop: async () => off?.(),
  };
};

/** A planted platform that acknowledges a pass before carrying it out (on the next turn of the event loop). */
class AcknowledgeFirstPlatform extends Platform {
  override passThreadControl(caller: Caller, psid: string, target: string | null, metadata: string | null): Outcome<null> {
    if (!this.thread(caller.pageId, psid).ok) return super.passThreadControl(caller, psid, target, metadata);
    setImmediate(() => super.passThreadControl(caller, psid, target, metadata));
    return { ok: true, value: null };
  }
}

beforeAll(startHarnessServer);
afterAll(stopHarnessServer);

describe('concurrent calls and webhook deliveries (fc.scheduler)', () => {
  const testName = 'concurrent pass, take, send and user messages are linearizable and each thread\'s events reach each app in order';
  it(testName, async () => {
    await assertProperty({ file: FILE, testName, property: 'concurrency', numRuns: NUM_RUNS }, () => concurrencyProperty());
  });

  for (const [bug, sut, dispatch] of [
    ['a dispatcher that does not wait for the previous delivery', {}, naiveDispatcher],
    ['a platform that acknowledges a pass before carrying it out', { PlatformClass: AcknowledgeFirstPlatform }, realDispatcher],
  ] as const) {
    const name = `catches: ${bug}`;
    it(name, { timeout: 120_000 }, async () => {
      const out = await fc.check(concurrencyProperty(sut, dispatch), checkParams('concurrency', { seed: 20261125, numRuns: 1000 }).params);
      expect(out.failed, `not found: ${bug}`).toBe(true);
      const [, , prefix, batch] = out.counterexample!;
      console.log(`[concurrency] ${bug}\n  found after ${out.numRuns} runs, shrunk ${out.numShrinks} times: ${prefix.length} serial + ${batch.length} concurrent calls\n  ${(out.errorInstance as Error).message.split('\n').slice(0, 4).join('\n  ')}\n  ${String(out.counterexample![0]).split('\n').join('\n  ')}\n  replay: ${replayCommand(FILE, name, 'concurrency', { seed: out.seed, path: out.counterexamplePath!, replayPath: replayPathOf(out.counterexample) })}`);
      expect(prefix.length + batch.length).toBeLessThanOrEqual(6);
    });
  }
});
