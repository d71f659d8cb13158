import * as ref from './reference-model.js';
import { GRAPH_KINDS, threadKey, type Step } from './harness.js';

/**
 * The protocol's invariants, each a named check of one Step (a command, its answer, the events it
 * produced and the owners before and after). A check throws with a message naming what broke.
 */
export interface Invariant {
  id: string;
  name: string;
  check(step: Step): void;
}

export class Violation extends Error {
  override name = 'InvariantViolation';
}

export function must(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new Violation(message());
}

const json = (v: unknown) => JSON.stringify(v);
const pageOf = (model: ref.Model, step: Step) => model.pages[step.pageIndex]!;
const eventBody = (e: { event: Record<string, unknown> }) => e.event;
const isUserEvent = (e: { event: Record<string, unknown> }) =>
  'postback' in e.event || ('message' in e.event && !(e.event['message'] as { is_echo?: boolean }).is_echo);
const HANDOVER_KEYS = ['pass_thread_control', 'take_thread_control', 'request_thread_control'] as const;
const isHandoverEvent = (e: { event: Record<string, unknown> }) => HANDOVER_KEYS.some((k) => k in e.event);
const numeric = (id: string) => (Number.isSafeInteger(Number(id)) ? Number(id) : id);
const withoutTimestamp = ({ timestamp, ...rest }: Record<string, unknown>) => {
  must(typeof timestamp === 'number', () => `an event has no numeric timestamp: ${json(rest)}`);
  return rest;
};

/** Meta's error envelope for a catalogued error, with any 11-character fbtrace_id. */
export function expectError(step: Step, key: ref.ErrorKey): void {
  const spec = ref.ERRORS[key];
  const message = key === 'unsupported_request'
    ? `Unsupported ${step.kind === 'thread_owner' ? 'get' : 'post'} request. Object with ID '${step.node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`
    : spec.message;
  expectEnvelope(step, key, { message, type: key === 'unsupported_request' ? 'GraphMethodException' : 'OAuthException', code: spec.code, subcode: spec.subcode });
}

export interface ExpectedError {
  message: string;
  type: 'OAuthException' | 'GraphMethodException';
  code: number;
  subcode: number | undefined;
}

/** A 400 with exactly this error (subcode left out where there is none) and a well-formed fbtrace_id. */
export function expectEnvelope(step: { label: string; status: number; body: Step['body'] }, key: string, spec: ExpectedError): void {
  const error = step.body?.error;
  must(step.status === 400 && error !== undefined, () => `${step.label}: expected error ${key}, got ${step.status} ${json(step.body)}`);
  const expected = { message: spec.message, type: spec.type, code: spec.code, ...(spec.subcode === undefined ? {} : { error_subcode: spec.subcode }) };
  const { fbtrace_id, ...rest } = error;
  must(json(rest) === json(expected), () => `${step.label}: expected ${key} ${json(expected)}, got ${json(error)}`);
  must(typeof fbtrace_id === 'string' && /^[A-Za-z0-9_-]{11}$/.test(fbtrace_id), () => `${step.label}: bad fbtrace_id ${json(fbtrace_id)}`);
}

/** Owners of a page's known threads. */
const pageThreads = (owners: Map<string, string | null>, pageId: string) =>
  [...owners].filter(([key]) => key.startsWith(`${pageId}/`));

// ---------------------------------------------------------------------------------------------------

export const agreesWithModel: Invariant = {
  id: 'model',
  name: 'every answer, event and owner equals the reference model',
  check(step) {
    const p = step.prediction;
    if (p.ok) {
      must(step.status === 200, () => `${step.label}: expected 200 ${json(p.body)}, got ${step.status} ${json(step.body)}`);
      must(json(step.body) === json(p.body), () => `${step.label}: expected ${json(p.body)}, got ${json(step.body)}`);
      if (step.kind === 'user') must(/^m_[A-Za-z0-9_-]{22}$/.test(step.body.mid ?? ''), () => `bad mid ${step.body.mid}`);
    } else {
      expectError(step, p.error);
    }
    const got = step.events.map((e) => ({ ...e, event: withoutTimestamp(e.event) }));
    must(json(got) === json(p.events), () => `${step.label}: expected events ${json(p.events)}\n got ${json(got)}`);
    for (const page of step.after.pages) {
      for (const psid of page.users) {
        const owner = step.ownersAfter.get(threadKey(page.id, psid));
        must(owner === ref.ownerOf(page, psid), () => `${step.label}: thread ${page.id}/${psid} owned by ${owner}, model says ${ref.ownerOf(page, psid)}`);
      }
    }
  },
};

export const oneOwner: Invariant = {
  id: 'one-owner',
  name: 'at most one owner per thread at every step, exactly one while handover is active',
  check(step) {
    for (const page of step.after.pages) {
      for (const [key, owner] of pageThreads(step.ownersAfter, page.id)) {
        must(ref.active(page) ? typeof owner === 'string' : owner === null,
          () => `${step.label}: thread ${key} has owner ${json(owner)} while handover is ${ref.active(page) ? 'active' : 'inactive'}`);
      }
    }
    if (step.psid === null || step.crossPage) return;
    const page = pageOf(step.before, step);
    if (!ref.active(page)) return;
    // Everything that tells an app "you own this thread" must name one and the same app.
    const owners = new Set<string>();
    const observed = step.ownersAfter.get(threadKey(step.pageId, step.psid));
    if (typeof observed === 'string') owners.add(observed);
    if (step.kind === 'user') for (const e of step.events) if (isUserEvent(e) && e.channel === 'messaging') owners.add(e.appId);
    if (step.kind === 'send' && step.status === 200 && step.caller) owners.add(step.caller);
    if (step.kind === 'thread_owner' && step.status === 200) for (const d of step.body.data ?? []) owners.add(d.thread_owner.app_id);
    must(owners.size <= 1, () => `${step.label}: thread ${step.pageId}/${step.psid} has ${owners.size} owners: ${[...owners].join(', ')}`);
  },
};

export const inactiveWithoutSecondary: Invariant = {
  id: 'inactive',
  name: 'with no secondary receiver handover stays inactive',
  check(step) {
    if (step.crossPage) return;
    const page = pageOf(step.before, step);
    if (ref.active(page)) return;
    for (const e of step.events) {
      must(e.channel !== 'standby', () => `${step.label}: standby event to ${e.appId} while handover is inactive: ${json(e.event)}`);
      must(!isHandoverEvent(e), () => `${step.label}: handover event to ${e.appId} while handover is inactive: ${json(e.event)}`);
    }
    if (step.kind !== 'roles' && step.kind !== 'reset') {
      for (const [key, owner] of pageThreads(step.ownersAfter, step.pageId)) {
        must(owner === null, () => `${step.label}: thread ${key} owned by ${owner} while handover is inactive`);
      }
    }
    if (step.kind === 'user') {
      const field = step.postback ? 'messaging_postbacks' : 'messages';
      const hearing = page.installed.filter((id) => ref.hears(page, id, field)).sort();
      const got = step.events.filter(isUserEvent).map((e) => e.appId).sort();
      must(json(got) === json(hearing), () => `${step.label}: with handover inactive every app subscribed to ${field} gets it on messaging once: expected ${json(hearing)}, got ${json(got)}`);
    }
    if (['pass', 'take', 'request', 'inbox_done', 'move_to_inbox'].includes(step.kind) && step.psid !== null && page.users.includes(step.psid)) {
      expectError(step, ref.roleOf(page, step.caller!) === null ? 'no_role' : 'handover_inactive');
    }
    if (step.kind === 'thread_owner' && step.status === 200) {
      must(json(step.body) === json({ data: [] }), () => `${step.label}: thread_owner while inactive answered ${json(step.body)}`);
    }
  },
};

export const userMessageReachesEachAppOnce: Invariant = {
  id: 'delivery',
  name: 'every user message reaches each subscribed app exactly once, on messaging if it owns the thread, else on standby',
  check(step) {
    if (step.kind !== 'user' || step.psid === null) return;
    const page = pageOf(step.before, step);
    const owner = page.users.includes(step.psid) ? ref.ownerOf(page, step.psid) : ref.active(page) ? page.primary : null;
    const field = step.postback ? 'messaging_postbacks' : 'messages';
    const mid = step.body?.mid;
    for (const e of step.events.filter(isUserEvent)) {
      must(e.pageId === step.pageId, () => `${step.label}: user event delivered for page ${e.pageId}`);
    }
    for (const appId of page.installed) {
      const ownsIt = owner === null || owner === appId;
      const channel = ownsIt ? (ref.hears(page, appId, field) ? 'messaging' : null) : ref.hears(page, appId, 'standby') ? 'standby' : null;
      const got = step.events.filter((e) => e.appId === appId && isUserEvent(e));
      const gotMid = got.map((e) => ((eventBody(e)['message'] ?? eventBody(e)['postback']) as { mid: string }).mid);
      must(got.length === (channel === null ? 0 : 1) && gotMid.every((m) => m === mid),
        () => `${step.label}: app ${appId} (${ownsIt ? 'owner' : 'not owner'}) got the message ${got.length} times, expected ${channel === null ? 0 : 1}`);
      if (channel !== null) must(got[0]!.channel === channel, () => `${step.label}: app ${appId} got it on ${got[0]!.channel}, expected ${channel}`);
    }
  },
};

export const onlyOwnerSends: Invariant = {
  id: 'send',
  name: "only the owner's Send API calls succeed while handover is active; every refusal is 2018300",
  check(step) {
    if (step.kind !== 'send' || step.crossPage || step.psid === null) return;
    const page = pageOf(step.before, step);
    if (!page.users.includes(step.psid)) return;
    const allowed = !ref.active(page) || ref.ownerOf(page, step.psid) === step.caller;
    if (allowed) {
      must(step.status === 200 && step.body.recipient_id === step.psid && /^m_[A-Za-z0-9_-]{22}$/.test(step.body.message_id ?? ''),
        () => `${step.label}: the ${ref.active(page) ? 'owner' : 'app (handover inactive)'} could not send: ${step.status} ${json(step.body)}`);
    } else {
      expectError(step, 'send_not_owner');
    }
  },
};

export const onlyPrimaryTakes: Invariant = {
  id: 'take',
  name: 'only the primary takes; a request never changes the owner',
  check(step) {
    if (step.crossPage || step.psid === null) return;
    const page = pageOf(step.before, step);
    const key = threadKey(step.pageId, step.psid);
    if (step.kind === 'take' && step.status === 200) {
      must(ref.active(page) && step.caller === page.primary, () => `${step.label}: ${step.caller} took the thread but the primary is ${page.primary}`);
      must(step.ownersAfter.get(key) === page.primary, () => `${step.label}: after take the owner is ${step.ownersAfter.get(key)}`);
    }
    if (step.kind === 'request' || step.kind === 'move_to_inbox') {
      for (const [k, owner] of step.ownersBefore) {
        must(step.ownersAfter.get(k) === owner, () => `${step.label}: a request changed the owner of ${k} from ${owner} to ${step.ownersAfter.get(k)}`);
      }
    }
  },
};

export const handoverEventsMatchOwnerChanges: Invariant = {
  id: 'events',
  name: 'every change of owner produces exactly the documented handover events',
  check(step) {
    const page = pageOf(step.before, step);
    const changed = [...step.ownersBefore].filter(([k, owner]) => step.ownersAfter.has(k) && step.ownersAfter.get(k) !== owner);
    const got = step.events.filter(isHandoverEvent).map((e) => ({ ...e, event: withoutTimestamp(e.event) }));
    const expected: ref.ExpectedEvent[] = [];
    const hearsHandovers = (id: string) => page.installed.includes(id) && ref.hears(page, id, 'messaging_handovers');
    const envelope = (body: Record<string, unknown>) => ({ sender: { id: step.psid }, recipient: { id: step.pageId }, ...body });
    const meta = step.metadata === null ? {} : { metadata: step.metadata };
    const ok = step.status === 200 && !step.crossPage;
    if (ok && (step.kind === 'pass' || step.kind === 'inbox_done' || step.kind === 'take')) {
      must(changed.length === 1, () => `${step.label}: a successful ${step.kind} changed ${changed.length} owners`);
      const [, from] = changed[0]!;
      const to = step.ownersAfter.get(changed[0]![0])!;
      if (step.kind === 'take') {
        if (hearsHandovers(from!)) expected.push({ appId: from!, pageId: step.pageId, channel: 'messaging', event: envelope({ take_thread_control: { previous_owner_app_id: from, new_owner_app_id: to, ...meta } }) });
      } else if (hearsHandovers(to)) {
        expected.push({ appId: to, pageId: step.pageId, channel: 'messaging', event: envelope({ pass_thread_control: { previous_owner_app_id: from, new_owner_app_id: to, ...meta } }) });
      }
    } else if (ok && (step.kind === 'request' || step.kind === 'move_to_inbox')) {
      must(changed.length === 0, () => `${step.label}: a request changed ${changed.length} owners`);
      if (page.primary !== null && hearsHandovers(page.primary)) {
        expected.push({ appId: page.primary, pageId: step.pageId, channel: 'messaging', event: envelope({ request_thread_control: { requested_owner_app_id: numeric(step.caller!), ...meta } }) });
      }
    } else if (step.kind !== 'roles' && step.kind !== 'reset') {
      must(changed.length === 0, () => `${step.label}: owner changed without a handover: ${json(changed.map(([k, o]) => `${k}: ${o} → ${step.ownersAfter.get(k)}`))}`);
    }
    must(json(got) === json(expected), () => `${step.label}: expected handover events ${json(expected)}\n got ${json(got)}`);
  },
};

export const roleLossReturnsToPrimary: Invariant = {
  id: 'roles',
  name: "a role change that removes an owner's role returns its threads to the primary",
  check(step) {
    if (step.kind !== 'roles' || step.status !== 200) return;
    const after = pageOf(step.after, step);
    for (const [key, owner] of step.ownersBefore) {
      if (!step.ownersAfter.has(key)) continue;
      const expected = !key.startsWith(`${step.pageId}/`)
        ? owner
        : !ref.active(after) ? null : owner !== null && ref.roleOf(after, owner) !== null ? owner : after.primary;
      must(step.ownersAfter.get(key) === expected, () => `${step.label}: thread ${key} owned by ${owner} before, ${step.ownersAfter.get(key)} after, expected ${expected}`);
    }
  },
};

export const tokenActsForItsAppAndPage: Invariant = {
  id: 'tokens',
  name: "one app's token never acts for another app or on another page",
  check(step) {
    if (!GRAPH_KINDS.includes(step.kind) || step.caller === null) return;
    if (step.crossPage) {
      expectError(step, 'unsupported_request');
      must(step.events.length === 0, () => `${step.label}: a call on another page produced events`);
    }
    for (const e of step.events) {
      must(e.pageId === step.pageId, () => `${step.label}: a token of page ${step.pageId} produced an event on page ${e.pageId}`);
      const message = e.event['message'] as { is_echo?: boolean; app_id?: unknown } | undefined;
      if (message?.is_echo) must(message.app_id === numeric(step.caller), () => `${step.label}: echo says app ${message.app_id}, the token is ${step.caller}'s`);
      const request = e.event['request_thread_control'] as { requested_owner_app_id: unknown } | undefined;
      if (request) must(request.requested_owner_app_id === numeric(step.caller), () => `${step.label}: request names app ${request.requested_owner_app_id}`);
      const take = e.event['take_thread_control'] as { new_owner_app_id: unknown } | undefined;
      if (take) must(take.new_owner_app_id === step.caller, () => `${step.label}: take gave the thread to ${take.new_owner_app_id}`);
    }
    for (const [key, owner] of step.ownersBefore) {
      if (step.crossPage || !key.startsWith(`${step.pageId}/`)) {
        must(step.ownersAfter.get(key) === owner, () => `${step.label}: a token of page ${step.pageId} changed the owner of ${key}`);
      }
    }
  },
};

export const no5xx: Invariant = {
  id: 'no-5xx',
  name: 'no request gets a 5xx',
  check(step) {
    must(step.status < 500, () => `${step.label}: HTTP ${step.status} ${json(step.body)}`);
  },
};

export const INVARIANTS: readonly Invariant[] = [
  oneOwner,
  inactiveWithoutSecondary,
  userMessageReachesEachAppOnce,
  onlyOwnerSends,
  onlyPrimaryTakes,
  handoverEventsMatchOwnerChanges,
  roleLossReturnsToPrimary,
  tokenActsForItsAppAndPage,
  no5xx,
];
