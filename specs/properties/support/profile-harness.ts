import fc from 'fast-check';
import { parseWorld, Platform, type RecordedEvent } from '../../../fake-graph-api/index.js';
import { mount, type Http, type HttpClient, type SystemUnderTest } from './harness.js';
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
  return { platform, ...mount(platform), log, all, judge, initialModel: () => toProfileModel(spec) };
}

// ---- steps -----------------------------------------------------------------------------------------

export type ProfileKind = 'user' | 'pass' | 'take' | 'request' | 'release' | 'extend' | 'send' | 'thread_owner' | 'clock';
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

/** The platform's threads as they stand now (`thread` applies the lazy expiry, like every other read). */
export function observeThreads(platform: Platform): Map<string, ObservedThread> {
  const threads = new Map<string, ObservedThread>();
  for (const pageId of platform.pageIds()) {
    for (const { psid } of platform.users(pageId)) {
      const t = platform.thread(pageId, psid);
      if (!t.ok) continue;
      const v = t.value as { owner: string | null; expiresAt?: number | null; lastUserMessageAt?: number | null };
      threads.set(threadKey(pageId, psid), { owner: v.owner, expiresAt: v.expiresAt ?? null, lastUserMessageAt: v.lastUserMessageAt ?? null });
    }
  }
  return threads;
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
    const op = this.op;
    const pageIndex = op.page % m.pages.length;
    const p = m.pages[pageIndex]!;
    const tokenApps = p.apps.filter((a) => a.token !== null);
    const users = [...p.users.filter((u) => u !== NEW_PSID), NEW_PSID];
    const psid = pick(users, op.user)!;
    const metadata = METADATA[op.metadata];
    const before = model.cloneModel(m);
    const threadsBefore = observeThreads(r.platform);
    let caller: string | null = null;
    let threadControl: model.SendOptions['threadControl'] = null;
    let kind: ProfileKind = op.kind;
    let res: Http;
    let prediction: model.Prediction;
    const targetOf = (t: number) => (t === -1 ? null : t === -2 ? UNKNOWN_APP : pick([...new Set([...p.apps.map((a) => a.id), PAGE_INBOX])], t)!);
    const metaLabel = op.metadata === 'none' ? '' : op.metadata === 'short' ? ', meta' : ', meta1001';
    const post = (edge: string, token: string, params: Record<string, unknown>) =>
      r.http('POST', `/v19.0/me/${edge}?${new URLSearchParams({ access_token: token })}`, params);

    if (op.kind === 'user') {
      const input = op.postback ? { postback: { title: 'Talk to us', payload: 'AGENT' } } : { text: 'hello' };
      const referral = REFERRALS[op.referral];
      res = await r.http('POST', `/__admin/pages/${p.id}/users/${psid}/messages`, { ...input, ...(referral === null ? {} : { referral }) });
      prediction = model.userWrites(m, p, psid, input, typeof res.body?.mid === 'string' ? res.body.mid : '?', referral);
      this.label = `${psidName(psid)} ${op.postback ? 'postback' : 'writes'}${referral === null ? '' : ` via ${op.referral}`} p${pageIndex}`;
    } else if (op.kind === 'clock') {
      res = await r.http('POST', '/__admin/clock', { advanceMs: op.advance });
      prediction = model.advanceClock(m, op.advance);
      this.label = `clock +${hours(op.advance)}`;
    } else {
      const owner = tokenApps.find((a) => a.id === model.ownerAt(p, psid, m.now));
      const privileged = tokenApps.find((a) => a.id === (model.isCR(p) ? p.defaultApp : p.primary));
      const app = op.app === 20 && owner ? owner : op.app === 30 && privileged ? privileged : pick(tokenApps, op.app);
      if (app === undefined) {
        // A page whose only app is the Page Inbox: no token to call with; move the clock a little instead.
        res = await r.http('POST', '/__admin/clock', { advanceMs: model.HOUR });
        prediction = model.advanceClock(m, model.HOUR);
        this.label = 'clock +1h';
        kind = 'clock';
      } else {
        caller = app.id;
        const token = app.token!;
        const who = `${short(app.id)}@p${pageIndex}`;
        switch (op.kind) {
          case 'pass': {
            const target = targetOf(op.target);
            this.label = `${who} pass(${psidName(psid)} → ${short(target)}${metaLabel})`;
            res = await post('pass_thread_control', token, { recipient: { id: psid }, ...(target === null ? {} : { target_app_id: target }), ...(metadata === null ? {} : { metadata }) });
            prediction = model.pass(m, p, app.id, psid, target, metadata);
            break;
          }
          case 'take': case 'request': {
            this.label = `${who} ${op.kind}(${psidName(psid)}${metaLabel})`;
            res = await post(`${op.kind}_thread_control`, token, { recipient: { id: psid }, ...(metadata === null ? {} : { metadata }) });
            prediction = (op.kind === 'take' ? model.take : model.request)(m, p, app.id, psid, metadata);
            break;
          }
          case 'release': {
            this.label = `${who} release(${psidName(psid)})`;
            res = await post('release_thread_control', token, { recipient: { id: psid } });
            prediction = model.release(m, p, app.id, psid);
            break;
          }
          case 'extend': {
            this.label = `${who} extend(${psidName(psid)}, ${op.duration}s)`;
            res = await post('extend_thread_control', token, { recipient: { id: psid }, duration: op.duration });
            prediction = model.extend(m, p, app.id, psid, op.duration);
            break;
          }
          case 'send': {
            threadControl = op.control === 'none' ? null
              : op.control === 'release' ? { appId: null, controlType: 'release' }
              : op.control === 'unset' ? { appId: null, controlType: null }
              : { appId: op.control === 'pass' ? targetOf(op.target) : null, controlType: 'pass' };
            const options: model.SendOptions = { messagingType: op.messagingType, tag: op.messagingType === 'MESSAGE_TAG' ? op.tag : null, threadControl };
            const body = {
              recipient: { id: psid }, message: { text: 'hi from the bot' },
              ...(options.messagingType === null ? {} : { messaging_type: options.messagingType }),
              ...(options.tag === null ? {} : { tag: options.tag }),
              ...(threadControl === null ? {} : {
                thread_control: { ...(threadControl.appId === null ? {} : { app_id: threadControl.appId }), ...(threadControl.controlType === null ? {} : { control_type: threadControl.controlType }) },
              }),
            };
            const how = [options.messagingType, options.tag, threadControl === null ? null : `${threadControl.controlType ?? 'unset'}${threadControl.appId === null ? '' : `→${short(threadControl.appId)}`}`].filter((x) => x !== null).join(', ');
            this.label = `${who} send(${psidName(psid)}${how === '' ? '' : `, ${how}`})`;
            res = await post('messages', token, body);
            prediction = model.send(m, p, app.id, psid, 'hi from the bot', typeof res.body?.message_id === 'string' ? res.body.message_id : '?', options);
            break;
          }
          default: {
            this.label = `${who} thread_owner(${psidName(psid)})`;
            res = await r.http('GET', `/v19.0/me/thread_owner?${new URLSearchParams({ access_token: token, recipient: psid })}`);
            prediction = model.threadOwner(m, p, app.id, psid);
          }
        }
      }
    }
    const step: ProfileStep = {
      label: this.label, kind, pageIndex, pageId: p.id, caller,
      psid: kind === 'clock' ? null : psid,
      metadata: ['pass', 'take', 'request'].includes(kind) ? metadata : null, postback: op.postback, threadControl,
      before, after: model.cloneModel(m), prediction: prediction!, status: res!.status, body: res!.body, events: r.log.splice(0),
      threadsBefore, threadsAfter: observeThreads(r.platform),
    };
    r.judge(step);
  }
}

const opArb: fc.Arbitrary<ProfileOp> = fc.record({
  kind: fc.constant<ProfileKind>('user'),
  page: fc.nat(1),
  app: fc.oneof(fc.nat(3), fc.constant(20), fc.constant(30)),
  user: fc.nat(2),
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

const weighted = (kind: ProfileKind, weight: number) => ({ weight, arbitrary: opArb.map((op) => new ProfileCommand({ ...op, kind })) });
/** Weights: user messages, sends and the clock drive the time rules; every control call is drawn. */
const commandArbs = (profile: model.ProfileName) => [
  weighted('user', 4), weighted('pass', 3), weighted('take', 3), weighted('request', profile === 'hop-v2' ? 1 : 2), weighted('release', 2),
  weighted('extend', 2), weighted('send', 4), weighted('thread_owner', 2), weighted('clock', 3),
].map(({ weight, arbitrary }) => Array.from({ length: weight }, () => arbitrary)).flat();

export const profileCommandsArb = (profile: model.ProfileName, replayPath?: string, maxCommands = 14) =>
  fc.commands(commandArbs(profile), { maxCommands, ...(replayPath === undefined ? {} : { replayPath }) });

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
  const real = buildProfileReal(spec, sut, judge);
  try {
    await fc.asyncModelRun(() => ({ model: toProfileModel(spec), real }), cmds);
    const served = await real.http('GET', '/__admin/events');
    if (JSON.stringify(served.body.events) !== JSON.stringify(real.all)) throw new Error('GET /__admin/events differs from the events the steps recorded');
  } finally {
    real.close();
  }
}

export async function relabelProfile(counterexample: unknown, judge: (step: ProfileStep) => void, sut: SystemUnderTest = {}): Promise<void> {
  const [cmds, spec] = counterexample as [Iterable<fc.AsyncCommand<model.ProfileModel, ProfileReal>>, ProfileWorldSpec];
  await runProfileCase(spec, [...cmds], judge, sut).catch(() => undefined);
}

export { describeProfileWorld };
