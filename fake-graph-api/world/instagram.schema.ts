import { z } from 'zod';
import { INSTAGRAM, INSTAGRAM_WEBHOOK_FIELDS, PROFILES, channelOfInbox, type ChannelSpec, type ConfigIssue } from '../../machines/platform/index.js';
import { NUMERIC_ID } from './ids.schema.js';

/**
 * A Page's linked Instagram professional account in the world file (issue 23, docs/instagram.md): its id,
 * username, protocol (Conversation Routing unless it says `hop-v2`), the Page's apps that have Instagram
 * messaging on it, and its users with their IGSIDs. The Instagram Inbox is connected to it, listed or not.
 */
const numericId = z.string().regex(NUMERIC_ID, 'must be a numeric id in a string, as Meta writes them');

/** Instagram usernames: letters, digits, `.` and `_`, at most 30 (Instagram's own rule for handles). */
const username = z.string().regex(/^[A-Za-z0-9._]{1,30}$/, 'must be an Instagram username: at most 30 letters, digits, . and _');

export const instagramAppSchema = z.strictObject({
  /** An app of the Page (its token, secret and webhook URL are the Page app's), or the Instagram Inbox. */
  id: numericId,
  /** HOP v2 on Instagram: its optional roles. */
  role: z.enum(['primary', 'secondary']).optional(),
  /** Conversation Routing: "Allow this app to take control" on the Instagram account. */
  takeControl: z.boolean().optional(),
  /** The `instagram` object's fields the app subscribed to (default: every one, when the Page app has a webhook). */
  fields: z.array(z.enum(INSTAGRAM_WEBHOOK_FIELDS)).min(1).optional(),
});

/** An Instagram user as the User Profile API answers them (S64); name and picture may be unset at Meta. */
export const instagramUserSchema = z.strictObject({
  igsid: numericId,
  username,
  name: z.string().min(1).optional(),
  profile_pic: z.url().optional(),
  follower_count: z.number().int().nonnegative().optional(),
  is_verified_user: z.boolean().optional(),
  is_user_follow_business: z.boolean().optional(),
  is_business_follow_user: z.boolean().optional(),
});

export const instagramSchema = z.strictObject({
  id: numericId,
  username,
  protocol: z.enum(INSTAGRAM.protocols as readonly ['hop-v2', 'conversation-routing'], {
    error: 'Instagram runs "hop-v2" or "conversation-routing" (Meta never ran HOP v1 on Instagram)',
  }).optional(),
  defaultApp: numericId.optional(),
  entryPoints: z.array(z.union([
    z.strictObject({ ref: z.string().min(1), app: numericId }),
    z.strictObject({ adId: numericId, app: numericId, controlExpirationDays: z.number().int().optional() }),
  ], { error: 'must be {"ref":"…","app":"<app id>"} or {"adId":"…","app":"<app id>","controlExpirationDays":1–30}' })).optional(),
  apps: z.array(instagramAppSchema).default([]),
  users: z.array(instagramUserSchema).default([]),
});

export type WorldInstagram = z.output<typeof instagramSchema>;
export type WorldInstagramUser = WorldInstagram['users'][number];

/** What an Instagram account needs of its Page: the Page's apps (with webhooks) and its users' PSIDs. */
interface PageSide {
  apps: readonly { id: string; webhook?: unknown }[];
  users: readonly { psid: string }[];
}

/**
 * Every misconfiguration of a Page's Instagram account, each at the field it names (paths relative to the
 * page): apps that are not the Page's, inboxes of the wrong channel, IGSIDs reused as PSIDs, an app that
 * routes Instagram threads without Instagram messaging, and what the account's protocol refuses.
 */
export function instagramIssues(ig: WorldInstagram, page: PageSide): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const at = (path: (string | number)[], message: string) => issues.push({ path: ['instagram', ...path], message });
  const pageApps = new Map(page.apps.map((a) => [a.id, a]));
  const connected = new Set(ig.apps.map((a) => a.id));
  ig.apps.forEach((app, i) => {
    const inbox = channelOfInbox(app.id);
    if (inbox !== undefined && inbox !== INSTAGRAM) {
      at(['apps', i, 'id'], `${inbox.inbox.name} ${app.id} answers ${inbox.label} threads only: Instagram's inbox is the ${INSTAGRAM.inbox.name} (${INSTAGRAM.inbox.appId}), connected already`);
    } else if (inbox === undefined && !pageApps.has(app.id)) {
      at(['apps', i, 'id'], `app ${app.id} is not an app of this Page: an app messages on Instagram through the Page it is connected to (list it under apps first)`);
    }
    if (ig.apps.findIndex((a) => a.id === app.id) !== i) at(['apps', i, 'id'], `app ${app.id} is listed twice`);
    if (app.fields !== undefined && !pageApps.get(app.id)?.webhook) {
      at(['apps', i, 'fields'], `app ${app.id} has no webhook on the Page: its Instagram events go to the Page app's webhook URL, so give it one there`);
    }
  });
  // An app of the Page that routes Instagram threads must have Instagram messaging on the account.
  const noMessaging = (id: string) => pageApps.has(id) && !connected.has(id);
  const reported = new Set<string>();
  const routed = (path: (string | number)[], id: string) => {
    if (!noMessaging(id)) return;
    at(path, `app ${id} is connected to the Page but has no Instagram messaging on ${ig.username}: list it under instagram.apps`);
    reported.add(path.join('.'));
  };
  if (ig.defaultApp !== undefined) routed(['defaultApp'], ig.defaultApp);
  (ig.entryPoints ?? []).forEach((point, i) => routed(['entryPoints', i, 'app'], point.app));
  const profile = PROFILES[ig.protocol ?? INSTAGRAM.defaultProtocol!];
  for (const issue of profile.validatePage(ig, INSTAGRAM)) {
    if (!reported.has(issue.path.join('.'))) at(issue.path, issue.message);
  }
  const psids = new Map(page.users.map((u, i) => [u.psid, i]));
  const igsids = new Set<string>();
  ig.users.forEach((user, i) => {
    if (igsids.has(user.igsid)) at(['users', i, 'igsid'], `igsid ${user.igsid} is listed twice`);
    igsids.add(user.igsid);
    const j = psids.get(user.igsid);
    if (j !== undefined) {
      at(['users', i, 'igsid'], `igsid ${user.igsid} is already the PSID of users[${j}]: Meta scopes a person's id per channel, so one id is never both a PSID and an IGSID`);
    }
  });
  return issues;
}

/** A Page's own apps must not list another channel's inbox (the Instagram Inbox answers Instagram threads only). */
export function foreignInboxIssues(apps: readonly { id: string }[], channel: ChannelSpec): ConfigIssue[] {
  return apps.flatMap((app, i) => {
    const inbox = channelOfInbox(app.id);
    if (inbox === undefined || inbox === channel) return [];
    return [{ path: ['apps', i, 'id'], message: `the ${inbox.inbox.name} (${app.id}) answers ${inbox.label} threads only: it is no app of a ${channel.accountKind}` }];
  });
}
