import fc from 'fast-check';
import { parseWorld, Platform, type RecordedEvent } from '../../../fake-graph-api/index.js';
import { mount, runModel, type Http, type HttpClient, type SystemUnderTest } from './harness.js';
import * as model from './profile-model.js';
import { PAGE_INBOX } from './reference-model.js';
import { AD_IDS, REFS, START, describeProfileWorld, profileWorldArb, toProfileModel, toProfileWorld, type CRConfig, type ProfileWorldSpec } from './profile-world.arbitrary.js';
import { NEW_PSID, UNKNOWN_APP } from './world.arbitrary.js';

/**
 * The property harness of HOP v2 and Conversation Routing: drives the real fake Graph API over HTTP (the
 * harness server of harness.ts) next to the profile's reference model, and records every command as a
 * ProfileStep the invariants judge. Time moves only through `POST /__admin/clock`, like a tester's would.
 */

export interface ProfileReal {
  platform: Platform;
  /** `pageId/psid` -> the thread machine's context after its last transition (deadlines included). */
  contexts: Map<string, ObservedThread>;
  http: HttpClient;
  close(): void;
  log: RecordedEvent[];
  all: RecordedEvent[];
  judge: (step: ProfileStep) => void;
  initialModel: () => model.ProfileModel;
}

export function buildProfileReal(spec: ProfileWorldSpec, sut: SystemUnderTest, judge: (step: ProfileStep) => void): ProfileReal {
  const Cls = sut.PlatformClass ?? Platform;
  const platform = new Cls(parseWorld(toProfileWorld(spec)), { clock: { now: () => START }, ...sut.options });
  const log: RecordedEvent[] = [];
  const all: RecordedEvent[] = [];
  platform.onEvent((e) => {
    log.push(e);
    all.push(e);
  });
  // The thread's deadlines as the machine holds them, read from its transitions: observing must not touch
  // a thread (a read lets the clock act), or the lazy expiry of every other call would go untested.
  const contexts = new Map<string, ObservedThread>();
  platform.onTransition((t) => {
    if (t.machine !== 'threadControl' || t.psid === null) return;
    const c = t.context as Partial<ObservedThread> & { owner: string | null };
    contexts.set(threadKey(t.pageId, t.psid), { owner: c.owner, expiresAt: c.expiresAt ?? null, lastUserMessageAt: c.lastUserMessageAt ?? null });
  });
  platform.reset(); // loads the world's threads again, now observed
  return { platform, contexts, ...mount(platform), log, all, judge, initialModel: () => toProfileModel(spec) };
}

// ---- steps -----------------------------------------------------------------------------------------

export type ProfileKind = 'user' | 'pass' | 'take' | 'request' | 'release' | 'extend' | 'send' | 'thread_owner' | 'clock' | 'inbox_done' | 'move_to_inbox' | 'thread_read';
export const CONTROL_KINDS: readonly ProfileKind[] = ['pass', 'take', 'request', 'release', 'extend'];

/** A thread as the platform shows it. */
export interface ObservedThread {
  owner: string | null;
  expiresAt: number | null;
  lastUserMessageAt: number | null;
}

export interface ProfileStep {
  label: string;
  kind: ProfileKind;
  pageIndex: number;
  pageId: string;
  caller: string | null;
  psid: string | null;
  metadata: string | null;
  postback: boolean;
  /** send: the inline thread_control asked for (null: none). */
  threadControl: model.SendOptions['threadControl'];
  before: model.ProfileModel;
  after: model.ProfileModel;
  prediction: model.Prediction;
  status: number;
  body: Http['body'];
  events: RecordedEvent[];
  /** `pageId/psid` -> the thread as the platform holds it, before and after the call. */
  threadsBefore: Map<string, ObservedThread>;
  threadsAfter: Map<string, ObservedThread>;
}

export const threadKey = (pageId: string, psid: string) => `${pageId}/${psid}`;

/** The platform's threads as their machines hold them (a deadline may have passed unseen: see `standing`). */
export function observeThreads(r: ProfileReal): Map<string, ObservedThread> {
  return new Map([...r.contexts].map(([key, t]) => [key, { ...t }]));
}

// ---- commands --------------------------------------------------------------------------------------

type Metadata = 'none' | 'short' | 'long';
const METADATA: Record<Metadata, string | null> = { none: null, short: 'handover note', long: 'x'.repeat(model.METADATA_MAX + 1) };
type ReferralChoice = 'none' | 'ref0' | 'ref1' | 'ad0' | 'ad1' | 'unknown';
const REFERRALS: Record<ReferralChoice, model.Referral> = {
  none: null, ref0: { ref: REFS[0] }, ref1: { ref: REFS[1] }, ad0: { ad_id: AD_IDS[0] }, ad1: { ad_id: AD_IDS[1] }, unknown: { ref: 'nowhere' },
};
/** Clock steps: around the control and messaging windows (exactly 24 h included), HUMAN_AGENT's 7 days and an ad's 30. */
export const ADVANCES = [model.HOUR, 23 * model.HOUR, model.DAY, model.DAY + model.SECOND, 3 * model.DAY, 7 * model.DAY + model.SECOND, 31 * model.DAY] as const;
export const DURATIONS = [1, 3600, 86_400, model.EXTEND_MAX_SECONDS, model.EXTEND_MAX_SECONDS + 1] as const;
type MessagingType = model.SendOptions['messagingType'];
type ControlChoice = 'none' | 'pass' | 'pass-default' | 'release' | 'unset';

export interface ProfileOp {
  kind: ProfileKind;
  page: number;
  /** 0–3: any app with a token; 20: the thread's owner; 30: the page's default app (or primary). */
  app: number;
  user: number;
  /** pass / inline pass: index into the page's apps (and the inbox), -1 none, -2 an app installed nowhere. */
  target: number;
  metadata: Metadata;
  postback: boolean;
  referral: ReferralChoice;
  duration: number;
  advance: number;
  messagingType: MessagingType;
  tag: model.Tag | null;
  control: ControlChoice;
}

const pick = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[((i % xs.length) + xs.length) % xs.length]);
const short = (id: string | null) => (id === null ? 'none' : id === PAGE_INBOX ? 'inbox' : id === UNKNOWN_APP ? 'unknown' : `app${id.slice(-1)}`);
const psidName = (psid: string) => (psid === NEW_PSID ? 'newUser' : `user${psid.slice(-1)}`);
const hours = (ms: number) => (ms % model.DAY === 0 ? `${ms / model.DAY}d` : ms % model.HOUR === 0 ? `${ms / model.HOUR}h` : `${ms}ms`);

/**
 * One command resolved against the model: who calls, on which thread, with what. The HTTP request and
 * the model's prediction are both made from it (predict is also what the model-vs-machine spec runs).
 */
export interface Call {
  kind: ProfileKind;
  pageIndex: number;
  /** The app acting (its token is used), the Page Inbox for its buttons, null for the user and the clock. */
  caller: model.ProfileApp | null;
  psid: string;
  target: string | null;
  metadata: string | null;
  input: model.UserInputWithReferral;
  duration: number;
  advance: number;
  options: model.SendOptions;
  label: string;
}

export function resolve(m: model.ProfileModel, op: ProfileOp): Call {
  const pageIndex = op.page % m.pages.length;
  const p = m.pages[pageIndex]!;
  const tokenApps = p.apps.filter((a) => a.token !== null);
  const users = [...p.users.filter((u) => u !== NEW_PSID), NEW_PSID];
  const psid = pick(users, op.user)!;
  const metadata = METADATA[op.metadata];
  const targetOf = (t: number) => (t === -1 ? null : t === -2 ? UNKNOWN_APP : pick([...new Set([...p.apps.map((a) => a.id), PAGE_INBOX])], t)!);
  const target = targetOf(op.target);
  const threadControl: model.SendOptions['threadControl'] = op.control === 'none' ? null
    : op.control === 'release' ? { appId: null, controlType: 'release' }
    : op.control === 'unset' ? { appId: null, controlType: null }
    : { appId: op.control === 'pass' ? target : null, controlType: 'pass' };
  const options: model.SendOptions = { messagingType: op.messagingType, tag: op.messagingType === 'MESSAGE_TAG' ? op.tag : null, threadControl };
  // An entry point comes with a message (the agreed admin route); a tap carries none here.
  const input = op.postback ? { postback: { title: 'Talk to us', payload: 'AGENT' }, referral: null } : { text: 'hello', referral: REFERRALS[op.referral] };
  const base = { pageIndex, psid, target, metadata, input, duration: op.duration, advance: op.advance, options };
  const at = `p${pageIndex}`;
  switch (op.kind) {
    case 'user':
      return { ...base, kind: 'user', caller: null, label: `${psidName(psid)} ${op.postback ? 'postback' : 'writes'}${input.referral === null ? '' : ` via ${op.referral}`} ${at}` };
    case 'clock':
      return { ...base, kind: 'clock', caller: null, label: `clock +${hours(op.advance)}` };
    case 'thread_read':
      return { ...base, kind: 'thread_read', caller: null, label: `read thread ${psidName(psid)} ${at}` };
    case 'inbox_done': case 'move_to_inbox':
      return { ...base, kind: op.kind, caller: null, label: `inbox ${op.kind === 'inbox_done' ? 'done' : 'move-to-inbox'}(${psidName(psid)}) ${at}` };
  }
  const owner = tokenApps.find((a) => a.id === model.ownerAt(p, psid, m.now));
  const privileged = tokenApps.find((a) => a.id === (model.isCR(p) ? p.defaultApp : p.primary));
  const app = op.app === 20 && owner ? owner : op.app === 30 && privileged ? privileged : pick(tokenApps, op.app);
  // A page whose only app is the Page Inbox: no token to call with; the clock moves a little instead.
  if (app === undefined) return { ...base, kind: 'clock', caller: null, advance: model.HOUR, label: 'clock +1h' };
  const who = `${short(app.id)}@${at}`;
  const metaLabel = op.metadata === 'none' ? '' : op.metadata === 'short' ? ', meta' : ', meta1001';
  const how = [options.messagingType, options.tag, threadControl === null ? null : `${threadControl.controlType ?? 'unset'}${threadControl.appId === null ? '' : `→${short(threadControl.appId)}`}`].filter((x) => x !== null).join(', ');
  const label = {
    pass: `${who} pass(${psidName(psid)} → ${short(target)}${metaLabel})`,
    take: `${who} take(${psidName(psid)}${metaLabel})`,
    request: `${who} request(${psidName(psid)}${metaLabel})`,
    release: `${who} release(${psidName(psid)})`,
    extend: `${who} extend(${psidName(psid)}, ${op.duration}s)`,
    send: `${who} send(${psidName(psid)}${how === '' ? '' : `, ${how}`})`,
    thread_owner: `${who} thread_owner(${psidName(psid)})`,
  }[op.kind];
  return { ...base, kind: op.kind, caller: app, label };
}

/** The HTTP request a call is, as a bot or a tester would make it. */
function httpRequest(m: model.ProfileModel, c: Call): { method: 'GET' | 'POST'; path: string; body?: unknown } {
  const p = m.pages[c.pageIndex]!;
  const graph = (edge: string, extra: Record<string, string> = {}) => `/v19.0/me/${edge}?${new URLSearchParams({ access_token: c.caller!.token!, ...extra })}`;
  const recipient = { recipient: { id: c.psid } };
  const meta = c.metadata === null ? {} : { metadata: c.metadata };
  const tc = c.options.threadControl;
  switch (c.kind) {
    case 'user': {
      const { referral, ...input } = c.input;
      return { method: 'POST', path: `/__admin/pages/${p.id}/users/${c.psid}/messages`, body: { ...input, ...(referral === null ? {} : { referral }) } };
    }
    case 'clock': return { method: 'POST', path: '/__admin/clock', body: { advanceMs: c.advance } };
    case 'thread_read': return { method: 'GET', path: `/__admin/pages/${p.id}/threads/${c.psid}` };
    case 'inbox_done': return { method: 'POST', path: `/__admin/pages/${p.id}/inbox/${c.psid}/done`, body: {} };
    case 'move_to_inbox': return { method: 'POST', path: `/__admin/pages/${p.id}/inbox/${c.psid}/move-to-inbox`, body: {} };
    case 'pass': return { method: 'POST', path: graph('pass_thread_control'), body: { ...recipient, ...(c.target === null ? {} : { target_app_id: c.target }), ...meta } };
    case 'take': case 'request': return { method: 'POST', path: graph(`${c.kind}_thread_control`), body: { ...recipient, ...meta } };
    case 'release': return { method: 'POST', path: graph('release_thread_control'), body: recipient };
    case 'extend': return { method: 'POST', path: graph('extend_thread_control'), body: { ...recipient, duration: c.duration } };
    case 'thread_owner': return { method: 'GET', path: graph('thread_owner', { recipient: c.psid }) };
    case 'send': return {
      method: 'POST', path: graph('messages'),
      body: {
        ...recipient, message: { text: SEND_TEXT },
        ...(c.options.messagingType === null ? {} : { messaging_type: c.options.messagingType }),
        ...(c.options.tag === null ? {} : { tag: c.options.tag }),
        ...(tc === null ? {} : { thread_control: { ...(tc.appId === null ? {} : { app_id: tc.appId }), ...(tc.controlType === null ? {} : { control_type: tc.controlType }) } }),
      },
    };
  }
}

const SEND_TEXT = 'hi from the bot';

/** What the reference model says the call does (and does it to the model). `id`: the mid or message id the platform drew. */
export function predict(m: model.ProfileModel, c: Call, id: string): model.Prediction {
  const p = m.pages[c.pageIndex]!;
  const caller = c.caller?.id ?? '';
  switch (c.kind) {
    case 'user': {
      const { referral, ...input } = c.input;
      return model.userWrites(m, p, c.psid, input as model.UserInput, id, referral);
    }
    case 'clock': return model.advanceClock(m, c.advance);
    case 'thread_read': return model.readThread(m, p, c.psid);
    case 'inbox_done': return model.inboxDone(m, p, c.psid);
    case 'move_to_inbox': return model.inboxMoveToInbox(m, p, c.psid);
    case 'pass': return model.pass(m, p, caller, c.psid, c.target, c.metadata);
    case 'take': return model.take(m, p, caller, c.psid, c.metadata);
    case 'request': return model.request(m, p, caller, c.psid, c.metadata);
    case 'release': return model.release(m, p, caller, c.psid);
    case 'extend': return model.extend(m, p, caller, c.psid, c.duration);
    case 'send': return model.send(m, p, caller, c.psid, SEND_TEXT, id, c.options);
    case 'thread_owner': return model.threadOwner(m, p, caller, c.psid);
  }
}

export class ProfileCommand implements fc.AsyncCommand<model.ProfileModel, ProfileReal> {
  private label = '';
  constructor(readonly op: ProfileOp) {}

  check(): boolean {
    return true;
  }

  toString(): string {
    return this.label || `${this.op.kind}(…)`;
  }

  async run(m: model.ProfileModel, r: ProfileReal): Promise<void> {
    const call = resolve(m, this.op);
    this.label = call.label;
    const before = model.cloneModel(m);
    const threadsBefore = observeThreads(r);
    const req = httpRequest(m, call);
    const res = await r.http(req.method, req.path, req.body);
    const drawn = res.body?.mid ?? res.body?.message_id;
    const prediction = predict(m, call, typeof drawn === 'string' ? drawn : '?');
    const inbox = call.kind === 'inbox_done' || call.kind === 'move_to_inbox';
    const step: ProfileStep = {
      label: call.label, kind: call.kind, pageIndex: call.pageIndex, pageId: m.pages[call.pageIndex]!.id,
      caller: inbox ? PAGE_INBOX : (call.caller?.id ?? null),
      psid: call.kind === 'clock' ? null : call.psid,
      metadata: ['pass', 'take', 'request'].includes(call.kind) ? call.metadata : null,
      postback: 'postback' in call.input, threadControl: call.kind === 'send' ? call.options.threadControl : null,
      before, after: model.cloneModel(m), prediction, status: res.status, body: res.body, events: r.log.splice(0),
      threadsBefore, threadsAfter: observeThreads(r),
    };
    r.judge(step);
  }
}

/** How far a command's indexes reach: the property suite draws the owner (20) and the default app (30) too; a one-thread spec does not. */
export interface OpLimits {
  pages: number;
  apps: number;
  users: number;
  ownerAndDefault: boolean;
}
const ALL: OpLimits = { pages: 2, apps: 4, users: 3, ownerAndDefault: true };

const fieldsArb = (l: OpLimits) => fc.record({
  page: fc.nat(l.pages - 1),
  app: l.ownerAndDefault ? fc.oneof(fc.nat(l.apps - 1), fc.constant(20), fc.constant(30)) : fc.nat(l.apps - 1),
  user: fc.nat(l.users - 1),
  target: fc.oneof({ weight: 1, arbitrary: fc.constantFrom(-1, -2) }, { weight: 4, arbitrary: fc.nat(4) }),
  metadata: fc.constantFrom<Metadata>('short', 'none', 'none', 'long'),
  postback: fc.boolean(),
  referral: fc.constantFrom<ReferralChoice>('none', 'none', 'ref0', 'ref1', 'ad0', 'ad1', 'unknown'),
  duration: fc.constantFrom(...DURATIONS),
  advance: fc.constantFrom(...ADVANCES),
  messagingType: fc.constantFrom<MessagingType>(null, 'RESPONSE', 'UPDATE', 'MESSAGE_TAG', 'MESSAGE_TAG'),
  tag: fc.constantFrom<model.Tag>('HUMAN_AGENT', 'HUMAN_AGENT', 'ACCOUNT_UPDATE', 'SHIPPING_UPDATE'),
  control: fc.constantFrom<ControlChoice>('none', 'none', 'none', 'pass', 'pass-default', 'release', 'unset'),
});

/** Weights: user messages, sends and the clock drive the time rules; every control call is drawn. */
const KIND_WEIGHTS = (profile: model.ProfileName): [ProfileKind, number][] => [
  ['user', 4], ['pass', 3], ['take', 3], ['request', profile === 'hop-v2' ? 1 : 2], ['release', 2], ['extend', 2],
  ['send', 4], ['thread_owner', 2], ['clock', 3], ['inbox_done', 1], ['move_to_inbox', 1], ['thread_read', 1],
];

export const opArbFor = (profile: model.ProfileName, limits: OpLimits = ALL): fc.Arbitrary<ProfileOp> =>
  fc.oneof(...KIND_WEIGHTS(profile).map(([kind, weight]) => ({ weight, arbitrary: fieldsArb(limits).map((o) => ({ ...o, kind })) })));

export const profileCommandsArb = (profile: model.ProfileName, replayPath?: string, maxCommands = 14) =>
  fc.commands([opArbFor(profile).map((op) => new ProfileCommand(op))], { maxCommands, ...(replayPath === undefined ? {} : { replayPath }) });

/** One rule book of a profile: the profile and, for CR, whether pages have a default app. */
export interface Rulebook {
  name: string;
  profile: model.ProfileName;
  config: CRConfig | null;
}

export const RULEBOOKS: readonly Rulebook[] = [
  { name: 'hop-v2', profile: 'hop-v2', config: null },
  { name: 'conversation-routing (default app)', profile: 'conversation-routing', config: 'default-app' },
  { name: 'conversation-routing (zero-config)', profile: 'conversation-routing', config: 'zero-config' },
];

export function profileProperty(rulebook: Rulebook, judge: (step: ProfileStep) => void, sut: SystemUnderTest = {}, replayPath?: string, maxCommands?: number) {
  return fc.asyncProperty(profileCommandsArb(rulebook.profile, replayPath, maxCommands), profileWorldArb(rulebook.profile, rulebook.config), (cmds, spec) =>
    runProfileCase(spec, cmds, judge, sut));
}

export async function runProfileCase(spec: ProfileWorldSpec, cmds: Iterable<fc.AsyncCommand<model.ProfileModel, ProfileReal>>, judge: (step: ProfileStep) => void, sut: SystemUnderTest = {}): Promise<void> {
  await runModel(toProfileModel(spec), buildProfileReal(spec, sut, judge), cmds);
}

export async function relabelProfile(counterexample: unknown, judge: (step: ProfileStep) => void, sut: SystemUnderTest = {}): Promise<void> {
  const [cmds, spec] = counterexample as [Iterable<fc.AsyncCommand<model.ProfileModel, ProfileReal>>, ProfileWorldSpec];
  await runProfileCase(spec, [...cmds], judge, sut).catch(() => undefined);
}

export { describeProfileWorld };
