import { expectEnvelope, must } from './invariants.js';
import { PAGE_INBOX } from './reference-model.js';
import * as model from './profile-model.js';
import { threadKey, type ObservedThread, type ProfileStep } from './profile-harness.js';

/**
 * The invariants of HOP v2 and Conversation Routing, each a named check of one ProfileStep. Apart from the
 * first (the whole reference model), each restates one rule of protocol.md in a few lines, so that a
 * planted bug that breaks the rule is named by the invariant it breaks.
 */
export interface ProfileInvariant {
  id: string;
  name: string;
  check(step: ProfileStep): void;
}

const json = (v: unknown) => JSON.stringify(v);
const pageOf = (m: model.ProfileModel, step: ProfileStep) => m.pages[step.pageIndex]!;
const HANDOVER_KEYS = ['pass_thread_control', 'take_thread_control', 'request_thread_control'] as const;
const handoverOf = (e: { event: Record<string, unknown> }) =>
  HANDOVER_KEYS.map((k) => e.event[k] as { previous_owner_app_id?: string | null; new_owner_app_id?: string } | undefined).find((b) => b !== undefined);
const isUserEvent = (e: { event: Record<string, unknown> }) =>
  'postback' in e.event || ('message' in e.event && !(e.event['message'] as { is_echo?: boolean }).is_echo);
const withoutTimestamp = ({ timestamp, ...rest }: Record<string, unknown>) => {
  must(typeof timestamp === 'number', () => `an event has no numeric timestamp: ${json(rest)}`);
  return rest;
};
const MID = /^m_[A-Za-z0-9_-]{22}$/;

export function expectRefusal(step: ProfileStep, key: model.Refusal): void {
  const spec = model.ERRORS[key];
  expectEnvelope(step, key, { message: spec.message, type: 'OAuthException', code: spec.code, subcode: spec.subcode });
}

/** A thread as it stands at `now`: control past its deadline counts as idle, whether or not a call has touched it since. */
const standing = (t: ObservedThread | undefined, now: number): ObservedThread | undefined =>
  t === undefined || t.owner === null || t.expiresAt === null || now < t.expiresAt ? t : { ...t, owner: null, expiresAt: null };

// ---------------------------------------------------------------------------------------------------

export const agreesWithProfileModel: ProfileInvariant = {
  id: 'profile-model',
  name: "every answer, event and thread (owner, deadline, user's last message) equals the profile's reference model",
  check(step) {
    const p = step.prediction;
    if (p.ok) {
      must(step.status === 200, () => `${step.label}: expected 200 ${json(p.body)}, got ${step.status} ${json(step.body)}`);
      // The admin view of a thread also lists its history, which the model does not keep: the rest must agree.
      const body = step.kind === 'thread_read' ? { owner: step.body.owner, expiresAt: step.body.expiresAt, lastUserMessageAt: step.body.lastUserMessageAt } : step.body;
      must(json(body) === json(p.body), () => `${step.label}: expected ${json(p.body)}, got ${json(step.body)}`);
      if (step.kind === 'user') must(MID.test(step.body.mid ?? ''), () => `bad mid ${step.body.mid}`);
    } else {
      expectRefusal(step, p.error);
    }
    const got = step.events.map((e) => ({ ...e, event: withoutTimestamp(e.event) }));
    must(json(got) === json(p.events), () => `${step.label}: expected events ${json(p.events)}\n got ${json(got)}`);
    const now = step.after.now;
    for (const page of step.after.pages) {
      for (const psid of page.users) {
        const observed = standing(step.threadsAfter.get(threadKey(page.id, psid)), now);
        const expected = model.threadAt(page, psid, now);
        must(observed !== undefined && observed.owner === expected.owner && observed.expiresAt === expected.expiresAt && observed.lastUserMessageAt === expected.lastUserMessageAt,
          () => `${step.label}: thread ${page.id}/${psid} is ${json(observed)}, model says ${json(expected)}`);
      }
    }
  },
};

export const oneOwnerOrIdle: ProfileInvariant = {
  id: 'one-owner-or-idle',
  name: 'every thread is idle or owned by one installed app at every step, and everything that says "you own it" names that app',
  check(step) {
    const now = step.after.now;
    for (const page of step.after.pages) {
      for (const [key, t] of step.threadsAfter) {
        if (!key.startsWith(`${page.id}/`)) continue;
        const owner = standing(t, now)!.owner;
        // The Page Inbox is built into every page (protocol.md §4.1–4.2): it may own a thread unlisted.
        must(owner === null || page.installed.includes(owner) || owner === PAGE_INBOX, () => `${step.label}: thread ${key} owned by ${json(owner)}, not an app of the page`);
      }
    }
    if (step.psid === null) return;
    const owner = standing(step.threadsAfter.get(threadKey(step.pageId, step.psid)), now)?.owner ?? null;
    if (owner === null) return;
    const owners = new Set([owner]);
    // A user event on `messaging` tells an app it owns the thread (only idle threads reach several apps there).
    if (step.kind === 'user') for (const e of step.events) if (isUserEvent(e) && e.channel === 'messaging') owners.add(e.appId);
    if (step.kind === 'thread_owner' && step.status === 200) {
      for (const d of (step.body.data ?? []) as { thread_owner: { app_id?: string } }[]) if (d.thread_owner.app_id !== undefined) owners.add(d.thread_owner.app_id);
    }
    if (step.kind === 'send' && step.status === 200 && step.threadControl === null && step.caller !== null) owners.add(step.caller);
    must(owners.size === 1, () => `${step.label}: thread ${step.pageId}/${step.psid} has ${owners.size} owners: ${[...owners].join(', ')}`);
  },
};

export const expiryAndReleaseAreSilent: ProfileInvariant = {
  id: 'silent-expiry',
  name: 'expiry and release send no webhook; every handover event names the owner the thread had at that moment',
  check(step) {
    if (step.kind === 'clock') must(step.events.length === 0, () => `${step.label}: the clock moving produced events ${json(step.events)}`);
    const released = (step.kind === 'release' || (step.kind === 'send' && step.threadControl !== null && step.threadControl.controlType !== 'pass')) && step.status === 200;
    const handovers = step.events.filter((e) => handoverOf(e) !== undefined);
    if (released) must(handovers.length === 0, () => `${step.label}: a release produced handover events ${json(handovers)}`);
    if (step.psid === null) return;
    const before = standing(step.threadsBefore.get(threadKey(step.pageId, step.psid)), step.before.now)?.owner ?? null;
    for (const e of handovers) {
      const body = handoverOf(e)!;
      if ('previous_owner_app_id' in body) {
        must(body.previous_owner_app_id === before, () => `${step.label}: a handover event names ${json(body.previous_owner_app_id)} as previous owner; the thread's owner was ${json(before)}`);
      }
    }
  },
};

export const onlyEntitledSends: ProfileInvariant = {
  id: 'entitled-send',
  name: 'only the owner sends into an owned thread (others: 2018300); while idle only the default app (CR; others: 2018929), anyone (zero-config, v2)',
  check(step) {
    if (step.kind !== 'send' || step.psid === null || step.caller === null) return;
    const page = pageOf(step.before, step);
    if (!page.users.includes(step.psid)) return;
    const owner = model.ownerAt(page, step.psid, step.before.now);
    const entitled = owner !== null ? owner === step.caller : model.isCR(page) && page.defaultApp !== null ? step.caller === page.defaultApp : true;
    if (step.status === 200) {
      must(entitled, () => `${step.label}: sent into a thread ${owner === null ? 'idle' : `owned by ${owner}`}, default app ${page.defaultApp}`);
      must(step.body.recipient_id === step.psid && MID.test(step.body.message_id ?? ''), () => `${step.label}: bad answer ${json(step.body)}`);
    } else if (!entitled && step.body.error?.code === 10) {
      // Of the refusals a send can meet, the ownership rule is the one that applies to an app not entitled.
      expectRefusal(step, owner === null ? 'send_idle_not_default_app' : 'send_not_owner');
    }
  },
};

export const noControlPastExpiration: ProfileInvariant = {
  id: 'expiration',
  name: 'no control lasts past its expiration: a thread whose deadline passed is idle, and every owner shown has a deadline still ahead',
  check(step) {
    const now = step.after.now;
    for (const [key, t] of step.threadsAfter) {
      const [pageId, psid] = key.split('/') as [string, string];
      const page = step.after.pages.find((p) => p.id === pageId);
      const stored = page?.threads.get(psid);
      // The model's deadline, not the platform's: a platform that forgets or pushes back a deadline is caught.
      if (stored && stored.owner !== null && stored.expiresAt !== null && now >= stored.expiresAt) {
        must(standing(t, now)!.owner === null, () => `${step.label}: thread ${key} still owned by ${t.owner} ${(now - stored.expiresAt!) / 1000}s after its control expired`);
      }
    }
    if (step.kind === 'thread_owner' && step.status === 200) {
      for (const d of (step.body.data ?? []) as { thread_owner: { expiration?: number } }[]) {
        must(typeof d.thread_owner.expiration === 'number' && d.thread_owner.expiration * 1000 > now,
          () => `${step.label}: thread_owner shows an owner whose control expired at ${d.thread_owner.expiration} (now ${now / 1000})`);
      }
    }
    if ((step.kind === 'send' || step.kind === 'extend' || step.kind === 'release') && step.status === 200 && step.psid !== null) {
      const page = pageOf(step.before, step);
      const owner = model.ownerAt(page, step.psid, step.before.now);
      // Owner-only calls succeed only for an owner whose control is still running (a send while idle aside).
      if (step.kind !== 'send' || owner !== null) {
        must(owner === step.caller, () => `${step.label}: succeeded for ${step.caller} while the thread's control ${owner === null ? 'had expired or was idle' : `was ${owner}'s`}`);
      }
    }
  },
};

export const refusedChangesNothing: ProfileInvariant = {
  id: 'refused',
  name: 'a refused call changes nothing: no event, every thread as it was',
  check(step) {
    if (step.status < 400) return;
    must(step.events.length === 0, () => `${step.label}: refused (${step.status}) but produced events ${json(step.events)}`);
    for (const [key, t] of step.threadsBefore) {
      const before = standing(t, step.before.now);
      const after = standing(step.threadsAfter.get(key), step.after.now);
      must(json(after) === json(before), () => `${step.label}: refused (${step.body.error?.message}) but thread ${key} went from ${json(before)} to ${json(after)}`);
    }
  },
};

export const userMessageReachesEachAppOnce: ProfileInvariant = {
  id: 'profile-delivery',
  name: 'every user message reaches each subscribed app once: the owner on messaging, the others on standby; an idle thread every app on messaging',
  check(step) {
    if (step.kind !== 'user' || step.psid === null || step.status !== 200) return;
    const page = pageOf(step.after, step);
    const owner = standing(step.threadsAfter.get(threadKey(step.pageId, step.psid)), step.after.now)?.owner ?? null;
    const field = step.postback ? 'messaging_postbacks' : 'messages';
    for (const appId of page.installed) {
      const channel = owner === null || owner === appId ? (model.hears(page, appId, field) ? 'messaging' : null) : model.hears(page, appId, 'standby') ? 'standby' : null;
      const got = step.events.filter((e) => e.appId === appId && isUserEvent(e));
      must(got.length === (channel === null ? 0 : 1), () => `${step.label}: app ${appId} got the message ${got.length} times, expected ${channel === null ? 0 : 1}`);
      if (channel !== null) must(got[0]!.channel === channel, () => `${step.label}: app ${appId} got it on ${got[0]!.channel}, expected ${channel}`);
    }
  },
};

export const no5xx: ProfileInvariant = {
  id: 'profile-no-5xx',
  name: 'no request gets a 5xx',
  check(step) {
    must(step.status < 500, () => `${step.label}: HTTP ${step.status} ${json(step.body)}`);
  },
};

export const PROFILE_INVARIANTS: readonly ProfileInvariant[] = [
  oneOwnerOrIdle,
  expiryAndReleaseAreSilent,
  onlyEntitledSends,
  noControlPastExpiration,
  refusedChangesNothing,
  userMessageReachesEachAppOnce,
  no5xx,
];
