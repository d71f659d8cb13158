import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { createApp, parseWorld, Platform, type PlatformOptions, type RecordedEvent } from '../../../fake-graph-api/index.js';
import * as ref from './reference-model.js';
import { NEW_PSID, PAGE_IDS, UNKNOWN_APP, describeWorld, toModel, toWorld, worldSpecArb, type WorldSpec } from './world.arbitrary.js';

/**
 * Drives the real fake Graph API over HTTP (one loopback server per spec file, one app per
 * generated world) next to the reference model, and records every command as a Step the invariants judge.
 * The system under test is built here only: with the world's profile, or a planted-bug profile or Platform.
 */

// ---- the server ----------------------------------------------------------------------------------

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
/** Each run registers its app under an id sent as a header: a run never talks to another run's platform. */
const handlers = new Map<string, Handler>();
const RUN_HEADER = 'x-harness-run';
let runCount = 0;
let server: Server | undefined;
let base = '';

export async function startHarnessServer(): Promise<void> {
  server = createServer((req, res) => {
    const handler = handlers.get(String(req.headers[RUN_HEADER]));
    if (handler) return handler(req, res);
    res.statusCode = 410;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function stopHarnessServer(): Promise<void> {
  await new Promise<void>((resolve) => {
    server?.close(() => resolve());
    server?.closeAllConnections();
  });
}

/** JSON from the wire: the fields the properties read are typed, the rest checked field by field. */
export interface HttpBody {
  error?: { message: string; type: string; code: number; error_subcode?: number; fbtrace_id: string };
  mid?: string;
  message_id?: string;
  recipient_id?: string;
  success?: boolean;
  data?: { thread_owner: { app_id: string } }[];
  pages?: { handoverActive: boolean; roles: { primary: string | null; secondary: string[] } }[];
  [field: string]: unknown;
}

export interface Http {
  status: number;
  body: HttpBody;
}

export type HttpClient = (method: string, path: string, body?: unknown) => Promise<Http>;

function httpClient(run: string): HttpClient {
  return async (method, path, body) => {
    const res = await fetch(base + path, {
      method,
      headers: { [RUN_HEADER]: run, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
}

/** How to build the system under test: the real rules by default; planted bugs come in here. */
export interface SystemUnderTest {
  options?: PlatformOptions;
  /** A Platform subclass planted by a spec (e.g. a broken token check). */
  PlatformClass?: typeof Platform;
}

export interface Real {
  platform: Platform;
  http: HttpClient;
  /** Unregisters the run's app from the server. */
  close(): void;
  log: RecordedEvent[];
  steps: Step[];
  judge: (step: Step) => void;
  /** The model of the world as loaded (what reset returns to). */
  initialModel: () => ref.Model;
  /** Every event recorded since the last reset, to compare with GET /__admin/events. */
  all: RecordedEvent[];
}

export function buildReal(spec: WorldSpec, sut: SystemUnderTest, judge: (step: Step) => void): Real {
  const Cls = sut.PlatformClass ?? Platform;
  const platform = new Cls(parseWorld(toWorld(spec)), { clock: { now: () => 1_700_000_000_000 }, ...sut.options });
  const log: RecordedEvent[] = [];
  const all: RecordedEvent[] = [];
  platform.onEvent((e) => {
    log.push(e);
    all.push(e);
  });
  const { http, close } = mount(platform);
  return { platform, http, close, log, all, steps: [], judge, initialModel: () => toModel(spec) };
}

/** Serves a platform on the harness server under a run id of its own: its HTTP client, and how to unmount it. */
export function mount(platform: Platform): { http: HttpClient; close: () => void } {
  const run = String(++runCount);
  handlers.set(run, createApp(platform) as unknown as Handler);
  return { http: httpClient(run), close: () => void handlers.delete(run) };
}

// ---- steps -----------------------------------------------------------------------------------------

export type Kind = 'admin_read' | 'user' | 'pass' | 'take' | 'request' | 'send' | 'thread_owner' | 'inbox_done' | 'move_to_inbox' | 'roles' | 'reset';
export const GRAPH_KINDS: readonly Kind[] = ['pass', 'take', 'request', 'send', 'thread_owner'];
export const HANDOVER_KINDS: readonly Kind[] = ['pass', 'take', 'request', 'inbox_done', 'move_to_inbox'];

export interface Step {
  label: string;
  kind: Kind;
  pageIndex: number;
  pageId: string;
  /** The app acting: the token's app for Graph calls, the Page Inbox for its buttons. */
  caller: string | null;
  /** The node the Graph call names: `me`, the token's page or another page. */
  node: string | null;
  crossPage: boolean;
  psid: string | null;
  metadata: string | null;
  /** A user step: a postback rather than a text message. */
  postback: boolean;
  /** The model before and after the call (for a cross-page call, after = before). */
  before: ref.Model;
  after: ref.Model;
  prediction: ref.Prediction;
  status: number;
  body: Http['body'];
  /** The events the call produced, as the platform recorded them. */
  events: RecordedEvent[];
  /** `pageId/psid` -> owner, observed before and after the call. */
  ownersBefore: Map<string, string | null>;
  ownersAfter: Map<string, string | null>;
}

export const threadKey = (pageId: string, psid: string) => `${pageId}/${psid}`;

function observeOwners(platform: Platform): Map<string, string | null> {
  const owners = new Map<string, string | null>();
  for (const pageId of platform.pageIds()) {
    for (const { psid } of platform.users(pageId)) {
      const t = platform.thread(pageId, psid);
      if (t.ok) owners.set(threadKey(pageId, psid), t.value.owner);
    }
  }
  return owners;
}

// ---- commands --------------------------------------------------------------------------------------

type Metadata = 'none' | 'short' | 'long';
const METADATA: Record<Metadata, string | null> = { none: null, short: 'handover note', long: 'x'.repeat(ref.METADATA_MAX + 1) };
type NodeChoice = 'me' | 'own' | 'other';

export interface Op {
  kind: Kind;
  page: number;
  app: number;
  user: number;
  /** pass: index into the page's apps, -1 none, -2 an app installed nowhere. */
  target: number;
  metadata: Metadata;
  node: NodeChoice;
  postback: boolean;
  /** roles: the primary (index, -1 none, -2 unknown) and secondaries (indexes, -2 unknown). */
  primary: number;
  secondaries: number[];
}

const pick = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[((i % xs.length) + xs.length) % xs.length]);
const short = (id: string | null) => (id === null ? 'none' : id === ref.PAGE_INBOX ? 'inbox' : id === UNKNOWN_APP ? 'unknown' : `app${id.slice(-1)}`);
const psidName = (psid: string) => (psid === NEW_PSID ? 'newUser' : `user${psid.slice(-1)}`);

/** The candidates a command draws from: the apps of the spec's page (inbox included) and the page inbox id. */
const appCandidates = (p: ref.ModelPage) => [...new Set([...p.apps.map((a) => a.id), ref.PAGE_INBOX])];

export class Command implements fc.AsyncCommand<ref.Model, Real> {
  private label = '';
  constructor(readonly op: Op) {}

  check(): boolean {
    return true;
  }

  toString(): string {
    return this.label || `${this.op.kind}(…)`;
  }

  async run(m: ref.Model, r: Real): Promise<void> {
    const op = this.op;
    const pageIndex = op.page % m.pages.length;
    const p = m.pages[pageIndex]!;
    const tokenApps = p.apps.filter((a) => a.token !== null);
    const users = [...p.users.filter((u) => u !== NEW_PSID), NEW_PSID];
    const psid = pick(users, op.user)!;
    const metadata = METADATA[op.metadata];
    ref.touchAll(m);
    const before = ref.cloneModel(m);
    const ownersBefore = observeOwners(r.platform);
    const otherPage = PAGE_IDS[(pageIndex + 1) % PAGE_IDS.length]!;
    let caller: string | null = null;
    let node: string | null = null;
    let crossPage = false;
    let kind: Kind = op.kind;
    let res: Http;
    let prediction: ref.Prediction;
    const graph = async (method: 'GET' | 'POST', edge: string, app: ref.ModelApp, params: Record<string, unknown>, predict: () => ref.Prediction) => {
      caller = app.id;
      node = op.node === 'me' ? 'me' : op.node === 'own' ? p.id : otherPage;
      crossPage = node !== 'me' && node !== p.id;
      const path = `/v19.0/${node}/${edge}`;
      const query = new URLSearchParams({ access_token: app.token! });
      if (method === 'GET') {
        for (const [k, v] of Object.entries(params)) query.set(k, String(v));
        res = await r.http('GET', `${path}?${query}`);
      } else {
        res = await r.http('POST', `${path}?${query}`, params);
      }
      // A token acts on its own page only: another page's id is an object it cannot load.
      prediction = crossPage ? { ok: false, error: 'unsupported_request', events: [] } : predict();
      return res;
    };
    const nodeLabel = () => (op.node === 'me' ? '' : op.node === 'own' ? ' @own' : ' @otherPage');
    const metaLabel = op.metadata === 'none' ? '' : op.metadata === 'short' ? ', meta' : ', meta1001';

    switch (op.kind) {
      case 'user': {
        const input: ref.UserInput = op.postback ? { postback: { title: 'Talk to us', payload: 'AGENT' } } : { text: 'hello' };
        res = await r.http('POST', `/__admin/pages/${p.id}/users/${psid}/messages`, input);
        prediction = ref.userWrites(p, psid, input, typeof res.body?.mid === 'string' ? res.body.mid : '?');
        this.label = `${psidName(psid)} ${op.postback ? 'postback' : 'writes'} p${pageIndex}`;
        break;
      }
      case 'pass': case 'take': case 'request': case 'send': case 'thread_owner': {
        const tokenAppsWithRole = tokenApps.filter((a) => ref.roleOf(p, a.id) !== null);
        const owner = tokenApps.find((a) => a.id === ref.ownerOf(p, psid));
        const app = op.app >= 20 && owner ? owner
          : op.app >= 10 && tokenAppsWithRole.length > 0 ? pick(tokenAppsWithRole, op.app - 10) : pick(tokenApps, op.app);
        if (app === undefined) {
          // A page whose only app is the Page Inbox: no token to call with; read the thread instead.
          res = await r.http('GET', `/__admin/pages/${p.id}/threads/${psid}`);
          prediction = p.users.includes(psid) ? { ok: true, body: res.body, events: [] } : { ok: false, error: 'no_matching_user', events: [] };
          this.label = `read thread p${pageIndex}`;
          kind = 'admin_read';
          break;
        }
        const who = `${short(app.id)}@p${pageIndex}`;
        if (op.kind === 'pass') {
          const withRole = [...(p.primary === null ? [] : [p.primary]), ...p.secondaries];
          const target = op.target === -1 ? null : op.target === -2 ? UNKNOWN_APP
            : op.target >= 10 && withRole.length > 0 ? pick(withRole, op.target - 10)! : pick(appCandidates(p), op.target)!;
          const params = { recipient: { id: psid }, ...(target === null ? {} : { target_app_id: target }), ...(metadata === null ? {} : { metadata }) };
          this.label = `${who} pass(${psidName(psid)} → ${short(target)}${metaLabel})${nodeLabel()}`;
          await graph('POST', 'pass_thread_control', app, params, () => ref.pass(p, app.id, psid, target, metadata));
        } else if (op.kind === 'take' || op.kind === 'request') {
          const params = { recipient: { id: psid }, ...(metadata === null ? {} : { metadata }) };
          this.label = `${who} ${op.kind}(${psidName(psid)}${metaLabel})${nodeLabel()}`;
          await graph('POST', `${op.kind}_thread_control`, app, params, () =>
            op.kind === 'take' ? ref.take(p, app.id, psid, metadata) : ref.request(p, app.id, psid, metadata));
        } else if (op.kind === 'send') {
          this.label = `${who} send(${psidName(psid)})${nodeLabel()}`;
          await graph('POST', 'messages', app, { recipient: { id: psid }, message: { text: 'hi from the bot' } }, () =>
            ref.send(p, app.id, psid, 'hi from the bot', typeof res.body?.message_id === 'string' ? res.body.message_id : '?'));
        } else {
          this.label = `${who} thread_owner(${psidName(psid)})${nodeLabel()}`;
          await graph('GET', 'thread_owner', app, { recipient: psid }, () => ref.threadOwner(p, app.id, psid));
        }
        break;
      }
      case 'inbox_done': case 'move_to_inbox': {
        caller = ref.PAGE_INBOX;
        const route = op.kind === 'inbox_done' ? 'done' : 'move-to-inbox';
        res = await r.http('POST', `/__admin/pages/${p.id}/inbox/${psid}/${route}`, {});
        prediction = op.kind === 'inbox_done' ? ref.pass(p, ref.PAGE_INBOX, psid, null, null) : ref.request(p, ref.PAGE_INBOX, psid, null);
        this.label = `inbox ${route}(${psidName(psid)}) p${pageIndex}`;
        break;
      }
      case 'roles': {
        const candidates = appCandidates(p);
        const resolveApp = (i: number) => (i === -2 ? UNKNOWN_APP : pick(candidates, i)!);
        const primary = op.primary === -1 ? null : resolveApp(op.primary);
        const secondaries = op.secondaries.map(resolveApp);
        this.label = `roles p${pageIndex}(P=${short(primary)}, S=[${secondaries.map(short).join(',')}])`;
        res = await r.http('PUT', `/__admin/pages/${p.id}/roles`, { primary, secondary: secondaries });
        prediction = ref.setRoles(p, primary, secondaries);
        break;
      }
      case 'reset': {
        res = await r.http('POST', '/__admin/reset');
        const fresh = r.initialModel();
        m.pages = fresh.pages;
        prediction = { ok: true, body: { success: true }, events: [] };
        this.label = 'reset';
        break;
      }
    }
    const events = r.log.splice(0);
    if (op.kind === 'reset') r.all.length = 0;
    const step: Step = {
      label: this.label, kind, pageIndex, pageId: p.id, caller, node, crossPage,
      psid: op.kind === 'roles' || op.kind === 'reset' ? null : psid,
      metadata: ['pass', 'take', 'request'].includes(op.kind) ? metadata : null, postback: op.postback,
      before, after: ref.cloneModel(m), prediction: prediction!, status: res!.status, body: res!.body, events,
      ownersBefore, ownersAfter: observeOwners(r.platform),
    };
    r.steps.push(step);
    r.judge(step);
  }
}

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom<Kind>('user', 'pass', 'take', 'request', 'send', 'thread_owner', 'inbox_done', 'move_to_inbox', 'roles', 'reset'),
  page: fc.nat(1),
  // 0–3: any app with a token; 10–13: an app with a token and a role; 20: the thread's owner (if it has a token).
  app: fc.oneof(fc.nat(3), fc.integer({ min: 10, max: 13 }), fc.constant(20)),
  user: fc.nat(2),
  // -1: no target_app_id; -2: an app installed nowhere; 0–4: any app of the page; 10–14: an app with a role.
  target: fc.oneof({ weight: 1, arbitrary: fc.constantFrom(-1, -2) }, { weight: 2, arbitrary: fc.nat(4) }, { weight: 3, arbitrary: fc.integer({ min: 10, max: 14 }) }),
  metadata: fc.constantFrom<Metadata>('short', 'none', 'long'),
  node: fc.constantFrom<NodeChoice>('me', 'own', 'other'),
  postback: fc.boolean(),
  primary: fc.oneof({ weight: 1, arbitrary: fc.constantFrom(-1, -2) }, { weight: 4, arbitrary: fc.nat(4) }),
  secondaries: fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(-2) }, { weight: 6, arbitrary: fc.nat(4) }), { maxLength: 3 }),
});

/** Weights: the handover calls and user messages matter most; resets and role changes are rarer. */
const weighted = (kind: Kind, weight: number) => ({ weight, arbitrary: opArb.map((op) => new Command({ ...op, kind })) });
const commandArbs = [
  weighted('user', 4), weighted('pass', 4), weighted('take', 3), weighted('request', 2), weighted('send', 3),
  weighted('thread_owner', 2), weighted('inbox_done', 1), weighted('move_to_inbox', 1), weighted('roles', 2), weighted('reset', 1),
].map(({ weight, arbitrary }) => Array.from({ length: weight }, () => arbitrary)).flat();

export const commandsArb = (replayPath?: string, maxCommands = 12) =>
  fc.commands(commandArbs, { maxCommands, ...(replayPath === undefined ? {} : { replayPath }) });

/** One generated case: a world and a list of commands, every step judged; the recorded events checked too. */
export function modelProperty(judge: (step: Step) => void, sut: SystemUnderTest = {}, replayPath?: string, maxCommands?: number) {
  // Commands first: fast-check shrinks the tuple left to right, and a command list shrinks best while
  // the world that made it fail is still whole.
  return fc.asyncProperty(commandsArb(replayPath, maxCommands), worldSpecArb, (cmds, spec) => runCase(spec, cmds, judge, sut));
}

/**
 * Runs one case. Also used to re-run a shrunk counterexample once before it is printed: commands are
 * shared between shrink attempts, and each names the apps of the world it last ran in.
 */
export async function runCase(spec: WorldSpec, cmds: Iterable<fc.AsyncCommand<ref.Model, Real>>, judge: (step: Step) => void, sut: SystemUnderTest = {}): Promise<void> {
  await runModel(toModel(spec), buildReal(spec, sut, judge), cmds);
}

/** What every model run needs of its system: the admin API, the events its steps recorded, and a way to close it. */
export interface ModelRunReal {
  http: HttpClient;
  all: readonly unknown[];
  close(): void;
}

/** Runs the commands against the model and the system (any profile), then checks what the steps recorded is what the system serves. */
export async function runModel<M extends object, R extends ModelRunReal>(model: M, real: R, cmds: Iterable<fc.AsyncCommand<M, R>>): Promise<void> {
  try {
    await fc.asyncModelRun(() => ({ model, real }), cmds);
    // What the invariants judged is what GET /__admin/events serves.
    const served = await real.http('GET', '/__admin/events');
    if (JSON.stringify(served.body.events) !== JSON.stringify(real.all)) throw new Error('GET /__admin/events differs from the events the steps recorded');
  } finally {
    real.close();
  }
}

/** Re-runs a counterexample `[commands, world]` so that its commands print the apps of that world. */
export async function relabel(counterexample: unknown, judge: (step: Step) => void, sut: SystemUnderTest = {}): Promise<void> {
  const [cmds, spec] = counterexample as [Iterable<fc.AsyncCommand<ref.Model, Real>>, WorldSpec];
  await runCase(spec, [...cmds], judge, sut).catch(() => undefined);
}

export { describeWorld };
