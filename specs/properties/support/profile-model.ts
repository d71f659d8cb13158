import { ERRORS as V1_ERRORS, PAGE_INBOX, type Channel, type ExpectedEvent, type Field, type ModelApp, type UserInput } from './reference-model.js';

/**
 * The reference model of HOP v2 and Conversation Routing (with a default app, and zero-config), written
 * from protocol.md (§1.1–1.9, §2.4, §3, §4.3–4.4) and the agreed interface of issue 11, independently of
 * machines/ and fake-graph-api/: it imports nothing of theirs. Like reference-model.ts (HOP v1) it is
 * deliberately naive: plain objects, one function per call, each predicting the answer, the webhook
 * events and the new state. Time is a number the model owns; a thread's deadlines are data, compared with
 * `now` whenever a call touches the thread (protocol.md §4.3: expiry sends no webhook, so a lazy check is
 * all a bot can observe).
 *
 * Where protocol.md marks a rule [INF] or [UNCONF], the choice the platform made is named in CHOICES
 * below (one place), with the section of docs/ that states it.
 */

export const SECOND = 1000;
export const HOUR = 3600 * SECOND;
export const DAY = 24 * HOUR;
/** §4.3: a thread returns to idle 24 hours after the user's last message. */
export const CONTROL_WINDOW = DAY;
/** §3: the standard messaging window, and HUMAN_AGENT's 7 days. */
export const MESSAGING_WINDOW = DAY;
export const HUMAN_AGENT_WINDOW = 7 * DAY;
/** §1.5: extend_thread_control up to 7 days. */
export const EXTEND_MAX_SECONDS = 604_800;
/** §1.1: handover metadata limit (README's choice, kept from HOP v1). */
export const METADATA_MAX = 1000;
/** §3 / S37: the tags Meta accepts today; the retired ones are refused. */
export const ALLOWED_TAGS = ['CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE', 'HUMAN_AGENT', 'CUSTOMER_FEEDBACK'] as const;
export const RETIRED_TAGS = ['SHIPPING_UPDATE', 'ISSUE_RESOLUTION'] as const;
export type Tag = (typeof ALLOWED_TAGS)[number] | (typeof RETIRED_TAGS)[number];

export type ProfileName = 'hop-v2' | 'conversation-routing';

export interface ProfileApp extends ModelApp {
  /** CR: Page Settings' "Allow this app to take control". */
  takeControl: boolean;
}

export interface Thread {
  owner: string | null;
  /** Epoch ms after which the owner's control is over (null while idle). */
  expiresAt: number | null;
  lastUserMessageAt: number | null;
}

export interface EntryPoint {
  ref?: string;
  adId?: string;
  app: string;
  /** Ads only: receiving_app_control_expiration, in days (1–30). */
  controlExpirationDays?: number;
}

export interface ProfilePage {
  id: string;
  profile: ProfileName;
  apps: ProfileApp[];
  installed: string[];
  /** HOP v2: the optional primary receiver. */
  primary: string | null;
  /** CR: the default application; null = zero-config. */
  defaultApp: string | null;
  entryPoints: EntryPoint[];
  users: string[];
  threads: Map<string, Thread>;
}

export interface ProfileModel {
  now: number;
  pages: ProfilePage[];
}

/**
 * The refusals these calls can meet. Documented ones come from protocol.md §1.11; the others are the
 * platform's invented errors (the catalogue of fake-graph-api/graph-errors.ts, listed in docs/). The model
 * names the reason; ERRORS gives the envelope.
 */
export type Refusal =
  | 'send_not_owner'
  | 'send_idle_not_default_app'
  | 'outside_messaging_window'
  | 'message_tag_retired'
  | 'no_matching_user'
  | 'incorrect_app_id'
  | 'metadata_too_long'
  | 'pass_to_self'
  | 'already_thread_owner'
  | 'target_app_id_required'
  | 'pass_not_owner_nor_idle'
  | 'release_by_non_owner'
  | 'extend_by_non_owner'
  | 'extend_duration_too_long'
  | 'take_owned_by_non_primary'
  | 'take_not_permitted'
  | 'take_needs_default_app'
  | 'request_needs_zero_config'
  | 'thread_control_needs_routing';

export type Prediction =
  | { ok: true; body: unknown; events: ExpectedEvent[] }
  | { ok: false; error: Refusal; events: ExpectedEvent[] };

const fail = (error: Refusal): Prediction => ({ ok: false, error, events: [] });
const withMetadata = (metadata: string | null) => (metadata === null ? {} : { metadata });
const numeric = (id: string) => (Number.isSafeInteger(Number(id)) ? Number(id) : id);

// ---- reading the model -------------------------------------------------------------------------

export const isCR = (p: ProfilePage) => p.profile === 'conversation-routing';
export const zeroConfig = (p: ProfilePage) => isCR(p) && p.defaultApp === null;
const canTake = (p: ProfilePage, id: string) => p.apps.some((a) => a.id === id && a.takeControl);
/** Which fields an installed app hears: its webhook's, or all (no webhook, or the built-in Page Inbox). */
export const hears = (p: ProfilePage, id: string, field: Field | 'messaging_referrals') => {
  const fields: readonly string[] | null = p.apps.find((a) => a.id === id)?.fields ?? null;
  return fields === null || fields.includes(field);
};

/**
 * A thread as it stands at `now`: control past its deadline is over (idle, silently).
 * A PSID the page does not know has no thread.
 */
export function threadAt(p: ProfilePage, psid: string, now: number): Thread {
  const t = p.threads.get(psid) ?? { owner: null, expiresAt: null, lastUserMessageAt: null };
  if (t.owner !== null && t.expiresAt !== null && now >= t.expiresAt) return { owner: null, expiresAt: null, lastUserMessageAt: t.lastUserMessageAt };
  return t;
}

export const ownerAt = (p: ProfilePage, psid: string, now: number) => threadAt(p, psid, now).owner;

/** Applies lazy expiry to the stored thread (what every call touching the thread does first). */
function touch(p: ProfilePage, psid: string, now: number): Thread {
  const t = { ...threadAt(p, psid, now) };
  p.threads.set(psid, t);
  return t;
}

/** Control given (pass, take, routing): the window is one day from now (IG CR doc, §4.3: any control action resets it to 1 day). */
function giveControl(t: Thread, to: string, now: number, windowMs = CONTROL_WINDOW): void {
  t.owner = to;
  t.expiresAt = now + windowMs;
}

function goIdle(t: Thread): void {
  t.owner = null;
  t.expiresAt = null;
}

function handoverEvent(p: ProfilePage, to: string, psid: string, body: Record<string, unknown>): ExpectedEvent[] {
  if (!p.installed.includes(to) || !hears(p, to, 'messaging_handovers')) return [];
  return [{ appId: to, pageId: p.id, channel: 'messaging', event: { sender: { id: psid }, recipient: { id: p.id }, ...body } }];
}

/** Where a pass without `target_app_id` goes (§1.1): CR → the default app; v2 → the primary, which itself must name a target (as in v1). */
const defaultTarget = (p: ProfilePage, caller: string) => (isCR(p) ? p.defaultApp : p.primary === caller ? null : p.primary);

/** Whether `app` may send into the thread as it stands (§3): the owner; while idle the default app (CR), anyone (CR zero-config, v2). */
export function maySend(p: ProfilePage, app: string, t: Thread): boolean {
  if (t.owner !== null) return t.owner === app;
  if (isCR(p) && p.defaultApp !== null) return app === p.defaultApp;
  return true;
}

// ---- the calls ---------------------------------------------------------------------------------

export type Referral = { ref: string } | { ad_id: string } | null;
export type UserInputWithReferral = UserInput & { referral: Referral };
export type { UserInput };

/** Where an idle thread goes when the user writes (§4.4): v2 → primary; CR → the entry point's app (an ad's for its days), else the default app, else (zero-config) nobody. */
function routeIdle(p: ProfilePage, referral: Referral): { app: string; windowMs: number } | null {
  if (!isCR(p)) return p.primary === null ? null : { app: p.primary, windowMs: CONTROL_WINDOW };
  const entry = referral === null ? undefined : p.entryPoints.find((e) => ('ref' in referral ? e.ref === referral.ref : e.adId === referral.ad_id));
  if (entry) return { app: entry.app, windowMs: entry.adId === undefined ? CONTROL_WINDOW : (entry.controlExpirationDays ?? 1) * DAY };
  return p.defaultApp === null ? null : { app: p.defaultApp, windowMs: CONTROL_WINDOW };
}

/**
 * The user writes. An idle thread is routed first (no webhook: §2.4 documents none for routing); an owned
 * thread's control runs one day from this message (or longer, if it already ran longer: an ad's window
 * or an extension). The owner hears it on `messaging`, every other app subscribed to `standby` on
 * `standby`; an idle thread (zero-config, v2 without primary) reaches every app on `messaging`.
 */
export function userWrites(m: ProfileModel, p: ProfilePage, psid: string, input: UserInput, mid: string, referral: Referral = null): Prediction {
  if (!p.users.includes(psid)) p.users.push(psid);
  const t = touch(p, psid, m.now);
  t.lastUserMessageAt = m.now;
  if (t.owner === null) {
    const route = routeIdle(p, referral);
    if (route !== null) giveControl(t, route.app, m.now, route.windowMs);
  } else {
    t.expiresAt = Math.max(t.expiresAt!, m.now + CONTROL_WINDOW);
  }
  const owner = t.owner;
  const field: Field = 'text' in input ? 'messages' : 'messaging_postbacks';
  const events: ExpectedEvent[] = [];
  // An entry point's referral (messaging_referrals) comes first, to the owner after routing (every app while
  // nobody owns the thread), on messaging only: standby carries no referrals.
  if (referral !== null) {
    const body = 'ref' in referral
      ? { ref: referral.ref, source: 'SHORTLINK', type: 'OPEN_THREAD' }
      : { ad_id: referral.ad_id, source: 'ADS', type: 'OPEN_THREAD' };
    for (const id of p.installed) {
      if ((owner === null || owner === id) && hears(p, id, 'messaging_referrals')) {
        events.push({ appId: id, pageId: p.id, channel: 'messaging', event: { sender: { id: psid }, recipient: { id: p.id }, referral: body } });
      }
    }
  }
  const routes: { appId: string; channel: Channel }[] = [];
  for (const id of p.installed) {
    let channel: Channel | null;
    if (owner === null || owner === id) channel = hears(p, id, field) ? 'messaging' : null;
    else channel = hears(p, id, 'standby') ? 'standby' : null;
    if (channel === null) continue;
    routes.push({ appId: id, channel });
    const body = 'text' in input
      ? { message: { mid, text: input.text } }
      : { postback: channel === 'messaging' && input.postback.payload !== undefined
          ? { title: input.postback.title, payload: input.postback.payload, mid }
          : { title: input.postback.title, mid } };
    events.push({ appId: id, pageId: p.id, channel, event: { sender: { id: psid }, recipient: { id: p.id }, ...body } });
  }
  return { ok: true, body: { mid, routes }, events };
}

/**
 * pass_thread_control (§1.1): by the owner, or by anyone while the thread is idle; no target → the default
 * app (CR) or the primary (v2); passing to oneself is refused while owning, allowed from idle.
 */
export function pass(m: ProfileModel, p: ProfilePage, caller: string, psid: string, target: string | null, metadata: string | null): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  const t = touch(p, psid, m.now);
  if ((metadata?.length ?? 0) > METADATA_MAX) return fail('metadata_too_long');
  if (t.owner !== null && t.owner !== caller) return fail('pass_not_owner_nor_idle');
  const to = target ?? defaultTarget(p, caller);
  if (to === null) return fail('target_app_id_required');
  // Installed = listed in the world, the Page Inbox too (README's HOP v1 choice, kept).
  if (!p.installed.includes(to)) return fail('incorrect_app_id');
  if (to === caller && t.owner === caller) return fail('pass_to_self');
  const previous = t.owner;
  giveControl(t, to, m.now);
  return { ok: true, body: { success: true }, events: handoverEvent(p, to, psid, { pass_thread_control: { previous_owner_app_id: previous, new_owner_app_id: to, ...withMetadata(metadata) } }) };
}

/**
 * take_thread_control (§1.2): v2 — while idle, or by the primary; CR — only with a default app set and
 * only by an app with the take permission; never by the owner. The previous owner hears it; none from idle.
 */
export function take(m: ProfileModel, p: ProfilePage, caller: string, psid: string, metadata: string | null): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  const t = touch(p, psid, m.now);
  if ((metadata?.length ?? 0) > METADATA_MAX) return fail('metadata_too_long');
  if (isCR(p)) {
    if (p.defaultApp === null) return fail('take_needs_default_app');
    if (!canTake(p, caller)) return fail('take_not_permitted');
  }
  if (t.owner === caller) return fail('already_thread_owner');
  if (!isCR(p) && t.owner !== null && caller !== p.primary) return fail('take_owned_by_non_primary');
  const previous = t.owner;
  giveControl(t, caller, m.now);
  const events = previous === null ? [] : handoverEvent(p, previous, psid, { take_thread_control: { previous_owner_app_id: previous, new_owner_app_id: caller, ...withMetadata(metadata) } });
  return { ok: true, body: { success: true }, events };
}

/**
 * request_thread_control (§1.3): CR zero-config only. The owner hears the request; on an idle thread
 * control passes to the requester at once, with `pass_thread_control`; never by the owner.
 * HOP v2: as v1's request, a webhook to the owner (its only meaning once roles are optional).
 */
export function request(m: ProfileModel, p: ProfilePage, caller: string, psid: string, metadata: string | null): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  const t = touch(p, psid, m.now);
  if ((metadata?.length ?? 0) > METADATA_MAX) return fail('metadata_too_long');
  if (isCR(p) && p.defaultApp !== null) return fail('request_needs_zero_config');
  if (t.owner === caller) return fail('already_thread_owner');
  if (t.owner === null) {
    giveControl(t, caller, m.now);
    return { ok: true, body: { success: true }, events: handoverEvent(p, caller, psid, { pass_thread_control: { previous_owner_app_id: null, new_owner_app_id: caller, ...withMetadata(metadata) } }) };
  }
  return { ok: true, body: { success: true }, events: handoverEvent(p, t.owner, psid, { request_thread_control: { requested_owner_app_id: numeric(caller), ...withMetadata(metadata) } }) };
}

/** release_thread_control (§1.4): owner only; idle at once; no webhook. */
export function release(m: ProfileModel, p: ProfilePage, caller: string, psid: string): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  const t = touch(p, psid, m.now);
  if (t.owner !== caller) return fail('release_by_non_owner');
  goIdle(t);
  return { ok: true, body: { success: true }, events: [] };
}

/** extend_thread_control (§1.5): owner only, 1–604800 s; control then lasts `duration` from now (never shortened). */
export function extend(m: ProfileModel, p: ProfilePage, caller: string, psid: string, durationSeconds: number): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  const t = touch(p, psid, m.now);
  if (t.owner !== caller) return fail('extend_by_non_owner');
  if (durationSeconds > EXTEND_MAX_SECONDS) return fail('extend_duration_too_long');
  t.expiresAt = Math.max(t.expiresAt!, m.now + durationSeconds * SECOND);
  return { ok: true, body: { success: true }, events: [] };
}

export interface SendOptions {
  messagingType: 'RESPONSE' | 'UPDATE' | 'MESSAGE_TAG' | null;
  tag: Tag | null;
  /** CR's inline thread control (§3); `control_type` missing = release. */
  threadControl: { appId: string | null; controlType: 'pass' | 'release' | null } | null;
}

/** Whether the messaging window lets this send through (§3): 24 h after the user's last message, HUMAN_AGENT 7 days, other live tags any time. */
function inWindow(t: Thread, now: number, o: SendOptions): boolean {
  if (o.messagingType === 'MESSAGE_TAG' && o.tag !== null && (ALLOWED_TAGS as readonly string[]).includes(o.tag) && o.tag !== 'HUMAN_AGENT') return true;
  if (t.lastUserMessageAt === null) return false;
  const window = o.messagingType === 'MESSAGE_TAG' && o.tag === 'HUMAN_AGENT' ? HUMAN_AGENT_WINDOW : MESSAGING_WINDOW;
  return now - t.lastUserMessageAt <= window;
}

/**
 * The Send API: inline thread control outside CR is refused; then the ownership rule (maySend), a
 * retired tag, the messaging window; then the inline thread control
 * (CR only), which moves control in the same call: `pass` to `app_id` or the default app (webhook to the
 * new owner), `release` to idle (no webhook). Echoes to every app subscribed to `message_echoes`.
 */
export function send(m: ProfileModel, p: ProfilePage, caller: string, psid: string, text: string, mid: string, o: SendOptions): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  const t = touch(p, psid, m.now);
  if (o.threadControl !== null && !isCR(p)) return fail('thread_control_needs_routing');
  if (!maySend(p, caller, t)) return fail(t.owner === null ? 'send_idle_not_default_app' : 'send_not_owner');
  if (o.messagingType === 'MESSAGE_TAG' && o.tag !== null && !(ALLOWED_TAGS as readonly string[]).includes(o.tag)) return fail('message_tag_retired');
  if (!inWindow(t, m.now, o)) return fail('outside_messaging_window');
  let handover: ExpectedEvent[] = [];
  if (o.threadControl !== null) {
    const to = o.threadControl.controlType === 'pass' ? (o.threadControl.appId ?? p.defaultApp) : null;
    if (o.threadControl.controlType === 'pass') {
      if (to === null) return fail('target_app_id_required');
      if (!p.installed.includes(to)) return fail('incorrect_app_id');
      if (to === caller && t.owner === caller) return fail('pass_to_self');
      const previous = t.owner;
      giveControl(t, to, m.now);
      handover = handoverEvent(p, to, psid, { pass_thread_control: { previous_owner_app_id: previous, new_owner_app_id: to } });
    } else {
      goIdle(t);
    }
  }
  const echoes: ExpectedEvent[] = p.installed
    .filter((id) => hears(p, id, 'message_echoes'))
    .map((id) => ({
      appId: id, pageId: p.id, channel: 'messaging' as const,
      event: { sender: { id: p.id }, recipient: { id: psid }, message: { is_echo: true, app_id: numeric(caller), mid, text } },
    }));
  // The control change is recorded before the echo (the platform's order; Meta documents none).
  return { ok: true, body: { recipient_id: psid, message_id: mid }, events: [...handover, ...echoes] };
}

/**
 * thread_owner (§1.6, CR): idle → `{"data":[]}`; the owner and the default app see `app_id` and
 * `expiration` (epoch seconds); every other app only `expiration`. HOP v2: every app sees both.
 */
export function threadOwner(m: ProfileModel, p: ProfilePage, caller: string, psid: string): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  const t = touch(p, psid, m.now);
  if (t.owner === null) return { ok: true, body: { data: [] }, events: [] };
  const expiration = Math.floor(t.expiresAt! / SECOND);
  // HOP v2 keeps no secrecy between apps once roles are optional (the platform's choice): every app sees it.
  const privileged = !isCR(p) || caller === t.owner || caller === p.defaultApp;
  return { ok: true, body: { data: [{ thread_owner: privileged ? { app_id: t.owner, expiration } : { expiration } }] }, events: [] };
}

/**
 * The Page Inbox's "Done" (§4.2). HOP v2: the inbox passes the thread back to the primary, like v1's Done.
 * CR ([UNCONF] in protocol.md; the platform's choice): only while the inbox owns the thread; back to the
 * default application with `pass_thread_control`, or (zero-config) released, silently.
 */
export function inboxDone(m: ProfileModel, p: ProfilePage, psid: string): Prediction {
  if (!isCR(p)) return pass(m, p, PAGE_INBOX, psid, null, null);
  if (!p.users.includes(psid)) return fail('no_matching_user');
  const t = touch(p, psid, m.now);
  if (t.owner !== PAGE_INBOX) return fail('release_by_non_owner');
  if (p.defaultApp === null) {
    goIdle(t);
    return { ok: true, body: { success: true }, events: [] };
  }
  const to = p.defaultApp;
  giveControl(t, to, m.now);
  return { ok: true, body: { success: true }, events: handoverEvent(p, to, psid, { pass_thread_control: { previous_owner_app_id: PAGE_INBOX, new_owner_app_id: to } }) };
}

/**
 * A human moves the thread to the Inbox folder (§4.2). HOP v2: the inbox requests control (an idle thread
 * becomes the inbox's at once). CR: "the inbox takes control of the conversation" — a take needing no
 * permission (the inbox is Meta's own), heard by the previous owner; nothing when the inbox owns it already.
 */
export function inboxMoveToInbox(m: ProfileModel, p: ProfilePage, psid: string): Prediction {
  if (!isCR(p)) return request(m, p, PAGE_INBOX, psid, null);
  if (!p.users.includes(psid)) return fail('no_matching_user');
  const t = touch(p, psid, m.now);
  if (t.owner === PAGE_INBOX) return { ok: true, body: { success: true }, events: [] };
  const previous = t.owner;
  giveControl(t, PAGE_INBOX, m.now);
  const events = previous === null ? [] : handoverEvent(p, previous, psid, { take_thread_control: { previous_owner_app_id: previous, new_owner_app_id: PAGE_INBOX } });
  return { ok: true, body: { success: true }, events };
}

/** GET /__admin/pages/P/threads/U: the thread as it stands (a read lets a passed deadline take effect, silently). */
export function readThread(m: ProfileModel, p: ProfilePage, psid: string): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  const t = touch(p, psid, m.now);
  return { ok: true, body: { owner: t.owner, expiresAt: t.expiresAt, lastUserMessageAt: t.lastUserMessageAt }, events: [] };
}

/** The clock moves forward (POST /__admin/clock): nothing else happens (expiry is silent). */
export function advanceClock(m: ProfileModel, ms: number): Prediction {
  m.now += ms;
  return { ok: true, body: { now: m.now }, events: [] };
}

export function cloneModel(m: ProfileModel): ProfileModel {
  return {
    now: m.now,
    pages: m.pages.map((p) => ({
      ...p, installed: [...p.installed], users: [...p.users], entryPoints: [...p.entryPoints],
      threads: new Map([...p.threads].map(([k, t]) => [k, { ...t }])),
    })),
  };
}

const pick = <T extends object, K extends keyof T>(from: T, keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;

/**
 * The envelope of each refusal. Documented rows copy protocol.md §1.11; the invented ones copy the
 * platform's catalogue as docs/ lists it (their wording is a choice, their existence is the model's).
 */
export const ERRORS: Record<Refusal, { code: number; subcode: number | undefined; message: string }> = {
  // The refusals HOP v1 already has read the same under every generation: the v1 model's rows.
  ...pick(V1_ERRORS, ['send_not_owner', 'no_matching_user', 'incorrect_app_id', 'target_app_id_required', 'metadata_too_long', 'pass_to_self', 'already_thread_owner']),
  outside_messaging_window: { code: 10, subcode: 2018278, message: '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview' },
  send_idle_not_default_app: { code: 10, subcode: 2018929, message: '(#10) Message failed to send because the thread is idle: only the default application can send into it.' },
  message_tag_retired: { code: 100, subcode: 2018920, message: '(#100) This message tag is no longer supported: use CONFIRMED_EVENT_UPDATE, POST_PURCHASE_UPDATE, ACCOUNT_UPDATE, HUMAN_AGENT or CUSTOMER_FEEDBACK.' },
  pass_not_owner_nor_idle: { code: 10, subcode: 2018924, message: '(#10) Only the current thread owner can pass thread control, or any app while the thread is idle.' },
  release_by_non_owner: { code: 10, subcode: 2018921, message: '(#10) Only the current thread owner can release thread control.' },
  extend_by_non_owner: { code: 10, subcode: 2018922, message: '(#10) Only the current thread owner can extend thread control.' },
  extend_duration_too_long: { code: 100, subcode: 2018923, message: '(#100) duration must be at most 604800 seconds (7 days).' },
  take_owned_by_non_primary: { code: 10, subcode: 2018925, message: '(#10) Only the Primary Receiver can take control of a thread another app controls; any app can take an idle thread.' },
  take_not_permitted: { code: 10, subcode: 2018927, message: '(#10) This app is not allowed to take control of conversations on this page (Page Settings: Allow this app to take control).' },
  take_needs_default_app: { code: 10, subcode: 2018926, message: '(#10) The Take Thread Control API is blocked unless a default application is set.' },
  request_needs_zero_config: { code: 10, subcode: 2018928, message: '(#10) request_thread_control is only available when conversation routing is not enabled (default message routing behavior).' },
  thread_control_needs_routing: { code: 100, subcode: 2018930, message: '(#100) thread_control is only supported when conversation routing is enabled.' },
};
