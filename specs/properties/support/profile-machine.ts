import { type AnyStateMachine, type EventObject } from 'xstate';
import { PROFILES } from '../../../machines/platform/index.js';
import { RULEBOOKS, type ProfileOp, type Rulebook } from './profile-harness.js';
import * as model from './profile-model.js';
import { START, type ProfileWorldSpec } from './profile-world.arbitrary.js';
import { PAGE_INBOX } from './reference-model.js';
import { UNKNOWN_APP } from './world.arbitrary.js';

/**
 * The harness's commands on one thread, as the thread machines of HOP v2 and Conversation Routing see
 * them: the worlds, the commands and their machine events shared by the xstate/graph paths and the
 * model-against-machine spec.
 */
export const [A, B, C] = ['2000000001', '2000000002', '2000000003'] as const;
export const USER = '3000000001';
export const PAGE = '1000000001';
const name = (id: string | null) => ({ [A]: 'A', [B]: 'B', [C]: 'C', [PAGE_INBOX]: 'inbox', [UNKNOWN_APP]: 'unknown' } as Record<string, string>)[id ?? ''] ?? 'none';

/**
 * The worlds paths replay in: one page, A the primary (v2) or the default app (CR), B may take, C neither;
 * routes from `support` (→ C) and ad 6001 (→ B, 7 days). HOP v2 also without a primary: the same machine
 * then has transitions the first page never takes, so a machine's coverage is the union of its worlds.
 */
export interface GraphWorld {
  rulebook: Rulebook;
  primary: boolean;
}
export const GRAPH_WORLDS: GraphWorld[] = [
  { rulebook: RULEBOOKS[0]!, primary: true },
  { rulebook: RULEBOOKS[0]!, primary: false },
  { rulebook: RULEBOOKS[1]!, primary: false },
  { rulebook: RULEBOOKS[2]!, primary: false },
];
export const worldName = (w: GraphWorld) => `${w.rulebook.name}${w.rulebook.profile === 'hop-v2' ? (w.primary ? ' (primary)' : ' (no primary)') : ''}`;

export function worldOf(w: GraphWorld): ProfileWorldSpec {
  const { rulebook } = w;
  const cr = rulebook.profile === 'conversation-routing';
  return {
    profile: rulebook.profile,
    pages: [{
      apps: [A, B, C].map((id) => ({ id, primary: w.primary && id === A, takeControl: cr && id === B, fields: null })),
      defaultApp: rulebook.config === 'default-app' ? A : null,
      entryPoints: cr ? [{ ref: 'support', app: C }, { adId: '6001', app: B, controlExpirationDays: 7 }] : [],
      users: [USER],
    }],
  };
}

// ---- the abstract events: the harness's commands on the one thread ------------------------------------

const BASE: ProfileOp = {
  kind: 'user', page: 0, app: 0, user: 0, target: -1, metadata: 'none', postback: false, referral: 'none',
  duration: 3600, advance: model.HOUR, messagingType: null, tag: null, control: 'none',
};
const APP_INDEX = { [A]: 0, [B]: 1, [C]: 2 } as const;
const TARGET_INDEX = { none: -1, unknown: -2, [A]: 0, [B]: 1, [C]: 2, [PAGE_INBOX]: 3 } as const;
export const op = (o: Partial<ProfileOp>): ProfileOp => ({ ...BASE, ...o });
export const by = (app: keyof typeof APP_INDEX, o: Partial<ProfileOp>) => op({ ...o, app: APP_INDEX[app] });

export function eventsOf(rulebook: Rulebook): ProfileOp[] {
  const cr = rulebook.profile === 'conversation-routing';
  return [
    op({ kind: 'user' }), ...(cr ? [op({ kind: 'user', referral: 'ref0' }), op({ kind: 'user', referral: 'ad0' })] : []),
    op({ kind: 'clock', advance: 23 * model.HOUR }), op({ kind: 'clock', advance: model.DAY }), op({ kind: 'clock', advance: 7 * model.DAY + model.SECOND }),
    op({ kind: 'inbox_done' }), op({ kind: 'move_to_inbox' }), op({ kind: 'thread_read' }),
    ...[A, B, C].flatMap((app) => [
      ...(['none', A, B, C, 'unknown'] as const).map((t) => by(app, { kind: 'pass', target: TARGET_INDEX[t] })),
      by(app, { kind: 'pass', target: TARGET_INDEX[B], metadata: 'long' }),
      by(app, { kind: 'take' }), by(app, { kind: 'take', metadata: 'long' }),
      by(app, { kind: 'request' }), by(app, { kind: 'request', metadata: 'long' }),
      by(app, { kind: 'release' }),
      by(app, { kind: 'extend', duration: 86_400 }), by(app, { kind: 'extend', duration: model.EXTEND_MAX_SECONDS + 1 }),
      by(app, { kind: 'send' }),
      by(app, { kind: 'send', messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }),
      by(app, { kind: 'send', messagingType: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' }),
      by(app, { kind: 'send', messagingType: 'MESSAGE_TAG', tag: 'SHIPPING_UPDATE' }),
      by(app, { kind: 'send', control: 'pass', target: TARGET_INDEX[B] }),
      by(app, { kind: 'send', control: 'pass', target: TARGET_INDEX[app] }),
      by(app, { kind: 'send', control: 'pass', target: TARGET_INDEX.unknown }),
      by(app, { kind: 'send', control: 'pass-default' }),
      by(app, { kind: 'send', control: 'release' }),
      by(app, { kind: 'thread_owner' }),
    ]),
  ];
}

const APPS = [A, B, C];
/** As the harness resolves a target index: -1 none, -2 an app installed nowhere, else the page's apps and the inbox, cyclically. */
const targetOf = (t: number) => (t === -1 ? null : t === -2 ? UNKNOWN_APP : [A, B, C, PAGE_INBOX][t % 4]!);
const callerOf = (o: ProfileOp) => APPS[o.app]!;

export function describeOp(o: ProfileOp): string {
  const who = name(callerOf(o));
  switch (o.kind) {
    case 'user': return `user${o.referral === 'none' ? '' : `(${o.referral})`}`;
    case 'clock': return `clock+${o.advance / model.HOUR}h`;
    case 'inbox_done': case 'move_to_inbox': return `inbox.${o.kind}`;
    case 'thread_read': return 'admin.read_thread';
    case 'pass': return `${who}.pass(→${name(targetOf(o.target))}${o.metadata === 'long' ? ', long' : ''})`;
    case 'take': case 'request': return `${who}.${o.kind}(${o.metadata === 'long' ? 'long' : ''})`;
    case 'extend': return `${who}.extend(${o.duration})`;
    case 'send': return `${who}.send(${[o.tag, o.control === 'none' ? null : `${o.control}${o.control === 'pass' ? `→${name(targetOf(o.target))}` : ''}`].filter(Boolean).join(', ')})`;
    default: return `${who}.${o.kind}`;
  }
}

// ---- the machine's side ----------------------------------------------------------------------------------

/** The page as the profile's thread machine sees it (the profile's own page input). */
export function pageView(w: GraphWorld) {
  const page = worldOf(w).pages[0]!;
  return PROFILES[w.rulebook.profile].pageInput({
    apps: page.apps.map((a) => ({ id: a.id, ...(a.primary ? { role: 'primary' as const } : {}), ...(a.takeControl ? { takeControl: true } : {}) })),
    ...(page.defaultApp === null ? {} : { defaultApp: page.defaultApp }),
    entryPoints: page.entryPoints.map((e) => (e.ref !== undefined ? { ref: e.ref, app: e.app } : { adId: e.adId!, app: e.app, controlExpirationDays: e.controlExpirationDays! })),
  });
}

/** The thread-machine event one command is, at `now`; null for the clock (it moves, no thread is told). */
export function machineEvent(w: GraphWorld, o: ProfileOp, now: number): EventObject | null {
  const page = pageView(w);
  const caller = callerOf(o);
  const metadata = o.metadata === 'long' ? 'x'.repeat(model.METADATA_MAX + 1) : null;
  const cr = w.rulebook.profile === 'conversation-routing';
  switch (o.kind) {
    case 'clock': return null;
    // A read lets a passed deadline take effect (the platform's lazy expiry on reads).
    case 'thread_read': return { type: 'touch', page, now } as EventObject;
    // The Page Inbox's buttons, as the profile says (HOP: a pass to the primary and a request; CR: its own events).
    case 'inbox_done': return cr ? { type: 'inbox_done', page, now, caller: PAGE_INBOX } as EventObject
      : { type: 'pass_thread_control', page, now, caller: PAGE_INBOX, target: null, metadata: null } as EventObject;
    case 'move_to_inbox': return cr ? { type: 'inbox_take', page, now, caller: PAGE_INBOX } as EventObject
      : { type: 'request_thread_control', page, now, caller: PAGE_INBOX, metadata: null } as EventObject;
    // As the harness sends it: an entry point comes with a text message only.
    case 'user': return { type: 'user_message', page, now, entryPoint: o.postback ? null : o.referral === 'ref0' ? { ref: 'support' } : o.referral === 'ad0' ? { adId: '6001' } : null } as EventObject;
    case 'pass': return { type: 'pass_thread_control', page, now, caller, target: targetOf(o.target), metadata } as EventObject;
    case 'take': case 'request': return { type: `${o.kind}_thread_control`, page, now, caller, metadata } as EventObject;
    case 'release': return { type: 'release_thread_control', page, now, caller } as EventObject;
    case 'extend': return { type: 'extend_thread_control', page, now, caller, durationSeconds: o.duration } as EventObject;
    case 'thread_owner': return { type: 'read_thread_owner', page, now, caller } as EventObject;
    case 'send': return {
      type: 'send', page, now, caller,
      timing: { messagingType: o.messagingType, tag: o.messagingType === 'MESSAGE_TAG' ? o.tag : null },
      threadControl: o.control === 'none' ? null : o.control === 'pass' ? { appId: targetOf(o.target), controlType: 'pass' }
        : o.control === 'pass-default' ? { appId: null, controlType: 'pass' } : { appId: null, controlType: 'release' },
    } as EventObject;
  }
}

export const machineOf = (rulebook: Rulebook) => PROFILES[rulebook.profile].threadControl as AnyStateMachine;
export const inputOf = (w: GraphWorld) => ({ page: pageView(w), now: START, lastUserMessageAt: START });

/** The machine's events for a path. */
export function machineEvents(w: GraphWorld, path: readonly ProfileOp[]): EventObject[] {
  let now = START;
  return path.flatMap((o) => {
    if (o.kind === 'clock') now += o.advance;
    return machineEvent(w, o, now) ?? [];
  });
}

