/**
 * The reference model of HOP v1, written from the choices and the error catalogue (now docs/choices.md and docs/errors.md)
 * and protocol.md, independently of machines/ and fake-graph-api/: it imports nothing of theirs.
 * It is deliberately naive (plain objects, one function per call) so that it can be read and believed.
 * Each function predicts the answer of one call, the webhook events it produces, and updates the model.
 */
export const PAGE_INBOX = '263902037430900';
export const FIELDS = ['messages', 'messaging_postbacks', 'messaging_handovers', 'standby', 'message_echoes'] as const;
export type Field = (typeof FIELDS)[number];
export type Channel = 'messaging' | 'standby';

export interface ModelApp {
  id: string;
  token: string | null;
  /** null: no webhook, the app hears every field (docs/choices.md: "an app without webhook"). */
  fields: readonly Field[] | null;
  role: 'primary' | 'secondary' | null;
}

export interface ModelPage {
  id: string;
  apps: ModelApp[];
  /** Installed apps in the order the platform lists them (world order, then apps a role change installed). */
  installed: string[];
  primary: string | null;
  secondaries: string[];
  users: string[];
  /** psid -> owner; a thread not yet in the map is owned as if it started now. */
  owners: Map<string, string | null>;
}

export interface Model {
  pages: ModelPage[];
}

/** One webhook event as GET /__admin/events records it, timestamp left out. */
export interface ExpectedEvent {
  appId: string;
  pageId: string;
  channel: Channel;
  event: Record<string, unknown>;
}

/** The catalogued errors the calls of these tests can meet, as docs/errors.md gives them. */
export const ERRORS = {
  send_not_owner: { code: 10, subcode: 2018300, message: '(#10) Message failed to send because another app is controlling this thread now.' },
  owner_not_visible: { code: 100, subcode: 2018234, message: '(#100) Denying visibility of any secondary receiver to another secondary receiver other than itself.' },
  no_role: { code: 10, subcode: 2018171, message: '(#10) Only available to Primary and Secondary Receivers.' },
  incorrect_app_id: { code: 100, subcode: 2018164, message: '(#100) Incorrect App ID.' },
  no_matching_user: { code: 100, subcode: 2018001, message: '(#100) No matching user found' },
  target_app_id_required: { code: 100, subcode: undefined, message: '(#100) The parameter target_app_id is required' },
  handover_inactive: { code: 10, subcode: 2018901, message: '(#10) The Handover Protocol is not active on this page: it needs one Primary Receiver and at least one Secondary Receiver.' },
  pass_by_non_owner: { code: 10, subcode: 2018902, message: '(#10) Only the thread owner or the Primary Receiver can pass thread control.' },
  target_has_no_role: { code: 100, subcode: 2018903, message: '(#100) target_app_id must be the Primary Receiver or a Secondary Receiver of this page.' },
  pass_to_self: { code: 100, subcode: 2018904, message: '(#100) An app cannot pass thread control to itself.' },
  target_already_owner: { code: 100, subcode: 2018905, message: '(#100) The target app already controls this thread.' },
  take_by_non_primary: { code: 10, subcode: 2018906, message: '(#10) Only the Primary Receiver can take thread control.' },
  already_thread_owner: { code: 10, subcode: 2018907, message: '(#10) Your app already controls this thread.' },
  request_by_primary: { code: 10, subcode: 2018908, message: '(#10) The Primary Receiver cannot request thread control: it takes it with take_thread_control.' },
  metadata_too_long: { code: 100, subcode: 2018909, message: '(#100) metadata must be at most 1000 characters.' },
  secondary_receivers_primary_only: { code: 10, subcode: 2018910, message: '(#10) Only the Primary Receiver can read the list of secondary receivers.' },
  role_for_unknown_app: { code: 100, subcode: 2018912, message: '(#100) A role names an app that is not installed on this page.' },
  role_conflict: { code: 100, subcode: 2018913, message: '(#100) An app cannot be both the Primary Receiver and a Secondary Receiver.' },
  unsupported_request: { code: 100, subcode: 33, message: '' /* built per call: it names the node */ },
} as const;
export type ErrorKey = keyof typeof ERRORS;

export const METADATA_MAX = 1000;

export type Prediction =
  | { ok: true; body: unknown; events: ExpectedEvent[] }
  | { ok: false; error: ErrorKey; events: ExpectedEvent[] };

// ---- reading the model -------------------------------------------------------------------------

export const active = (p: ModelPage) => p.primary !== null && p.secondaries.length > 0;
export const roleOf = (p: ModelPage, id: string): 'primary' | 'secondary' | null =>
  p.primary === id ? 'primary' : p.secondaries.includes(id) ? 'secondary' : null;
export const appOf = (p: ModelPage, id: string) => p.apps.find((a) => a.id === id);

/** Which fields an installed app hears: its webhook's, or all (no webhook, or the built-in Page Inbox). */
export function hears(p: ModelPage, id: string, field: Field): boolean {
  const fields = appOf(p, id)?.fields ?? null;
  return fields === null || fields.includes(field);
}

/** The owner of a thread right now: a thread nobody touched yet starts with the primary (null: inactive). */
export function ownerOf(p: ModelPage, psid: string): string | null {
  if (!active(p)) return null;
  return p.owners.has(psid) ? p.owners.get(psid)! : p.primary;
}

/** A thread's owner after a role change: kept while it has a role, else back to the primary. */
function resolve(p: ModelPage, owner: string | null): string | null {
  if (!active(p)) return null;
  return owner !== null && roleOf(p, owner) !== null ? owner : p.primary;
}

const numeric = (id: string) => (Number.isSafeInteger(Number(id)) ? Number(id) : id);
const withMetadata = (metadata: string | null) => (metadata === null ? {} : { metadata });
const fail = (error: ErrorKey): Prediction => ({ ok: false, error, events: [] });

/**
 * Every known user has a thread: the world's users from the start, a new user from the first message.
 * A thread that exists keeps its owner through a role change that leaves that owner a role, while a
 * thread that does not exist yet starts with the new primary: so the model starts every known thread.
 */
export function touchAll(m: Model): void {
  for (const p of m.pages) for (const psid of p.users) touch(p, psid);
}

function touch(p: ModelPage, psid: string): void {
  if (!p.owners.has(psid)) p.owners.set(psid, ownerOf(p, psid));
}

function handoverEvent(p: ModelPage, to: string, psid: string, body: Record<string, unknown>): ExpectedEvent[] {
  if (!p.installed.includes(to) || !hears(p, to, 'messaging_handovers')) return [];
  return [{ appId: to, pageId: p.id, channel: 'messaging', event: { sender: { id: psid }, recipient: { id: p.id }, ...body } }];
}

// ---- the calls ---------------------------------------------------------------------------------

/** A message (a quick-reply tap is a message with `quick_reply.payload`, kept on standby too) or a postback. */
export type UserInput = { text: string; quick_reply?: { payload: string } } | { postback: { title: string; payload?: string } };

/** The user writes: the owner hears it on `messaging`, every other app subscribed to `standby` on `standby`. */
export function userWrites(p: ModelPage, psid: string, input: UserInput, mid: string): Prediction {
  if (!p.users.includes(psid)) p.users.push(psid);
  touch(p, psid);
  const owner = ownerOf(p, psid);
  const field: Field = 'text' in input ? 'messages' : 'messaging_postbacks';
  const events: ExpectedEvent[] = [];
  const routes: { appId: string; channel: Channel }[] = [];
  for (const id of p.installed) {
    let channel: Channel | null = null;
    if (owner === null || owner === id) channel = hears(p, id, field) ? 'messaging' : null;
    else channel = hears(p, id, 'standby') ? 'standby' : null;
    if (channel === null) continue;
    routes.push({ appId: id, channel });
    const body = 'text' in input
      ? { message: { mid, text: input.text, ...(input.quick_reply ? { quick_reply: { payload: input.quick_reply.payload } } : {}) } }
      : { postback: channel === 'messaging' && input.postback.payload !== undefined
          ? { title: input.postback.title, payload: input.postback.payload, mid }
          : { title: input.postback.title, mid } };
    events.push({ appId: id, pageId: p.id, channel, event: { sender: { id: psid }, recipient: { id: p.id }, ...body } });
  }
  return { ok: true, body: { mid, routes }, events };
}

export function pass(p: ModelPage, caller: string, psid: string, target: string | null, metadata: string | null): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  touch(p, psid);
  const role = roleOf(p, caller);
  if (!active(p)) return fail(role === null ? 'no_role' : 'handover_inactive');
  const owner = ownerOf(p, psid)!;
  if (role === null) return fail('no_role');
  if ((metadata?.length ?? 0) > METADATA_MAX) return fail('metadata_too_long');
  if (role !== 'primary' && caller !== owner) return fail('pass_by_non_owner');
  // A secondary that names no target passes to the primary (docs/choices.md).
  const to = target ?? (role === 'secondary' ? p.primary : null);
  if (to === null) return fail('target_app_id_required');
  // Installed = listed in the world or named in a role change, the Page Inbox too (docs/choices.md, as the
  // platform and the profiles' model read it): a pass to an unlisted inbox names no app of the page.
  if (!p.installed.includes(to)) return fail('incorrect_app_id');
  if (roleOf(p, to) === null) return fail('target_has_no_role');
  if (to === caller) return fail('pass_to_self');
  if (to === owner) return fail('target_already_owner');
  p.owners.set(psid, to);
  const events = handoverEvent(p, to, psid, { pass_thread_control: { previous_owner_app_id: owner, new_owner_app_id: to, ...withMetadata(metadata) } });
  return { ok: true, body: { success: true }, events };
}

export function take(p: ModelPage, caller: string, psid: string, metadata: string | null): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  touch(p, psid);
  const role = roleOf(p, caller);
  if (!active(p)) return fail(role === null ? 'no_role' : 'handover_inactive');
  const owner = ownerOf(p, psid)!;
  if (role === null) return fail('no_role');
  if ((metadata?.length ?? 0) > METADATA_MAX) return fail('metadata_too_long');
  if (role !== 'primary') return fail('take_by_non_primary');
  if (owner === caller) return fail('already_thread_owner');
  p.owners.set(psid, caller);
  const events = handoverEvent(p, owner, psid, { take_thread_control: { previous_owner_app_id: owner, new_owner_app_id: caller, ...withMetadata(metadata) } });
  return { ok: true, body: { success: true }, events };
}

export function request(p: ModelPage, caller: string, psid: string, metadata: string | null): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  touch(p, psid);
  const role = roleOf(p, caller);
  if (!active(p)) return fail(role === null ? 'no_role' : 'handover_inactive');
  const owner = ownerOf(p, psid)!;
  if (role === null) return fail('no_role');
  if ((metadata?.length ?? 0) > METADATA_MAX) return fail('metadata_too_long');
  if (role === 'primary') return fail('request_by_primary');
  if (owner === caller) return fail('already_thread_owner');
  const events = handoverEvent(p, p.primary!, psid, { request_thread_control: { requested_owner_app_id: numeric(caller), ...withMetadata(metadata) } });
  return { ok: true, body: { success: true }, events };
}

/** The Send API: anyone while handover is inactive, only the owner while it is active; echoes to `message_echoes`. */
export function send(p: ModelPage, caller: string, psid: string, text: string, mid: string): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  touch(p, psid);
  if (active(p) && ownerOf(p, psid) !== caller) return fail('send_not_owner');
  const events: ExpectedEvent[] = p.installed
    .filter((id) => hears(p, id, 'message_echoes'))
    .map((id) => ({
      appId: id, pageId: p.id, channel: 'messaging' as const,
      event: { sender: { id: p.id }, recipient: { id: psid }, message: { is_echo: true, app_id: numeric(caller), mid, text } },
    }));
  return { ok: true, body: { recipient_id: psid, message_id: mid }, events };
}

/** thread_owner: `{"data":[]}` while inactive; a secondary may not see another secondary owner. */
export function threadOwner(p: ModelPage, caller: string, psid: string): Prediction {
  if (!p.users.includes(psid)) return fail('no_matching_user');
  touch(p, psid);
  const role = roleOf(p, caller);
  if (role === null) return fail('no_role');
  const owner = ownerOf(p, psid);
  if (owner === null) return { ok: true, body: { data: [] }, events: [] };
  if (role !== 'primary' && owner !== caller && owner !== p.primary) return fail('owner_not_visible');
  return { ok: true, body: { data: [{ thread_owner: { app_id: owner } }] }, events: [] };
}

/** A Page admin sets roles: `app_roles` (the whole map) to every app hearing `messaging_handovers`. */
export function setRoles(p: ModelPage, primary: string | null, secondaries: readonly string[]): Prediction {
  const named = [...(primary === null ? [] : [primary]), ...secondaries];
  if (named.some((id) => id !== PAGE_INBOX && !p.installed.includes(id))) return fail('role_for_unknown_app');
  if (primary !== null && secondaries.includes(primary)) return fail('role_conflict');
  for (const id of named) if (!p.installed.includes(id)) p.installed.push(id);
  p.primary = primary;
  p.secondaries = [...new Set(secondaries)];
  for (const [psid, owner] of p.owners) p.owners.set(psid, resolve(p, owner));
  const map: Record<string, string[]> = {};
  if (primary !== null) map[primary] = ['primary_receiver'];
  for (const id of p.secondaries) map[id] = ['secondary_receiver'];
  const events = p.installed
    .filter((id) => hears(p, id, 'messaging_handovers'))
    .map((id) => ({ appId: id, pageId: p.id, channel: 'messaging' as const, event: { recipient: { id: p.id }, app_roles: map } }));
  return { ok: true, body: { success: true }, events };
}

export function cloneModel(m: Model): Model {
  return {
    pages: m.pages.map((p) => ({ ...p, installed: [...p.installed], secondaries: [...p.secondaries], users: [...p.users], owners: new Map(p.owners) })),
  };
}
