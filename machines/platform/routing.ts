/**
 * Who hears what, on which channel (protocol.md §2.3–2.4, HOP v1 column).
 * An app hears an event only if it subscribed to the event's webhook field.
 */
export type Channel = 'messaging' | 'standby';

export const WEBHOOK_FIELDS = [
  'messages',
  'messaging_postbacks',
  'messaging_handovers',
  'standby',
  'message_echoes',
  'messaging_referrals',
  'message_reads',
  'message_deliveries',
] as const;
export type WebhookField = (typeof WEBHOOK_FIELDS)[number];
/**
 * The fields routing speaks: Messenger's, and `message_reactions`, which only the Instagram channel delivers
 * (channels/instagram.ts reads an Instagram subscription as these names).
 */
export type RoutingField = WebhookField | 'message_reactions';

export interface Listener {
  appId: string;
  fields: ReadonlySet<RoutingField>;
}

export interface Route {
  appId: string;
  channel: Channel;
}

/**
 * What a user's side produces, by the webhook field an app subscribes to for it. A quick-reply tap, an
 * attachment, a sticker and a like are all `message`s (field `messages`), as Meta sends them.
 */
export type UserEventKind = 'message' | 'postback' | 'referral' | 'read' | 'delivery' | 'reaction';

const FIELD_OF: Record<UserEventKind, RoutingField> = {
  message: 'messages',
  postback: 'messaging_postbacks',
  referral: 'messaging_referrals',
  read: 'message_reads',
  delivery: 'message_deliveries',
  reaction: 'message_reactions',
};

/**
 * The kinds that reach non-owners on `standby`: Meta's standby reference lists `messages`,
 * `messaging_postbacks`, `message_reads` and `message_deliveries` (protocol.md §2.3, [DOC S15]). A referral
 * is not on that list: it goes to the owner only (our choice where Meta is silent, docs/user-side.md); nor is
 * an Instagram reaction (S60's standby entry speaks of messages only; docs/choices.md, Instagram).
 */
const ON_STANDBY: Record<UserEventKind, boolean> = { message: true, postback: true, read: true, delivery: true, referral: false, reaction: false };

/**
 * A user's message, postback, referral, read or delivery: the owner gets it on `messaging` if it
 * subscribed to the kind's field, every other app subscribed to `standby` on `standby` (for the kinds
 * standby carries). With handover inactive (owner null) there is no standby: every app subscribed to the
 * field gets it on `messaging`.
 */
export function routeUserEvent(kind: UserEventKind, owner: string | null, listeners: readonly Listener[]): Route[] {
  const field = FIELD_OF[kind];
  const routes: Route[] = [];
  for (const l of listeners) {
    if (owner === null || l.appId === owner) {
      if (l.fields.has(field)) routes.push({ appId: l.appId, channel: 'messaging' });
    } else if (ON_STANDBY[kind] && l.fields.has('standby')) {
      routes.push({ appId: l.appId, channel: 'standby' });
    }
  }
  return routes;
}

/** Handover notifications go to one app, on `messaging`, if it subscribed to `messaging_handovers`. */
export function routeHandoverEvent(appId: string, listeners: readonly Listener[]): Route[] {
  return listeners
    .filter((l) => l.appId === appId && l.fields.has('messaging_handovers'))
    .map((l) => ({ appId: l.appId, channel: 'messaging' as const }));
}

/** A change of control as the thread machine emits it, as far as routing cares. */
export type ControlChange =
  | { type: 'control_passed' | 'control_taken' | 'control_returned'; from: string | null; to: string }
  | { type: 'control_requested'; requester: string; owner?: string }
  /** HOP v2 / CR: changes Meta sends no webhook for (protocol.md §2.4). */
  | { type: 'control_routed' | 'control_released' | 'control_expired' | 'control_extended' };

/**
 * Who is told of a change of control (protocol.md §2.4): a pass goes to the new owner, a take to the app
 * that lost the thread, a request to the primary. A thread that went back to the primary because its
 * owner lost its role gets no webhook (Meta documents none): the apps learn of it from `app_roles`.
 */
export function routeControlChange(change: ControlChange, primary: string | null, listeners: readonly Listener[]): Route[] {
  switch (change.type) {
    case 'control_passed':
      return routeHandoverEvent(change.to, listeners);
    case 'control_taken':
      return change.from === null ? [] : routeHandoverEvent(change.from, listeners);
    case 'control_requested':
      return primary === null ? [] : routeHandoverEvent(primary, listeners);
    default:
      return [];
  }
}

/**
 * HOP v2 and Conversation Routing (protocol.md §2.4): a pass goes to the new owner; a take to the app that
 * lost the thread, none when taken from idle; a request to the current owner. Routing an idle thread to an
 * app, release, expiry and extension send nothing.
 */
export function routeIdleOwnedControlChange(change: ControlChange, primary: string | null, listeners: readonly Listener[]): Route[] {
  if (change.type === 'control_requested') return change.owner === undefined ? [] : routeHandoverEvent(change.owner, listeners);
  return routeControlChange(change, primary, listeners);
}

/** `app_roles` goes to every app of the page subscribed to `messaging_handovers`. */
export function routeAppRoles(listeners: readonly Listener[]): Route[] {
  return listeners
    .filter((l) => l.fields.has('messaging_handovers'))
    .map((l) => ({ appId: l.appId, channel: 'messaging' as const }));
}

/**
 * Echoes of a page's sent message: Meta does not say whether non-owners get them, nor on which channel
 * (protocol.md §9.4). Our choice: every app subscribed to `message_echoes`, on `messaging`.
 */
export function routeEcho(listeners: readonly Listener[]): Route[] {
  return listeners
    .filter((l) => l.fields.has('message_echoes'))
    .map((l) => ({ appId: l.appId, channel: 'messaging' as const }));
}
