import { INSTAGRAM, MESSENGER, type ChannelSpec, type EntryPoint, type ProfileName } from '../../machines/platform/index.js';
import type { WorldInstagramUser } from './instagram.schema.js';
import type { WorldApp, WorldPage, WorldUser } from './world.schema.js';

/**
 * What the platform keeps threads on: a messaging account of a channel. A Page is its own Messenger
 * account; its linked Instagram professional account is a second one, with its own id (the webhook's
 * `entry[].id`), apps, protocol and users. One person's Messenger and Instagram threads are therefore two
 * threads, keyed by (account, user), and owned independently.
 */
export interface Account {
  /** The Page id on Messenger, the Instagram account id on Instagram. */
  id: string;
  /** The Facebook Page whose apps and tokens act on this account. */
  pageId: string;
  channel: ChannelSpec;
  name: string;
  protocol?: ProfileName | undefined;
  defaultApp?: string | undefined;
  entryPoints?: readonly EntryPoint[] | undefined;
  apps: readonly AccountApp[];
  users: readonly AccountUser[];
  /**
   * The apps that may act on the account's threads; null: every app of the Page (the Page's own channel).
   * An Instagram account's are those with Instagram messaging on it, and its inbox.
   */
  connected: ReadonlySet<string> | null;
}

/** An app as an account knows it: a Page app, or (on Instagram) the Page app with its Instagram subscription. */
export type AccountApp = Omit<WorldApp, 'webhook'> & { webhook?: { url: string; verifyToken: string; fields: readonly string[] } | undefined };

/**
 * A user of an account: `psid` is the account's own id for them (a PSID, or an IGSID on Instagram), `name`
 * what lists and traces show; an Instagram user keeps the profile the world gave them.
 */
export type AccountUser = WorldUser & { instagram?: Omit<WorldInstagramUser, 'igsid'> };

/** The accounts of a Page: its Messenger account, then its Instagram account if it has one. */
export function accountsOf(page: WorldPage): Account[] {
  const messenger: Account = { ...page, pageId: page.id, channel: MESSENGER, connected: null };
  const ig = page.instagram;
  if (ig === undefined) return [messenger];
  const pageApps = new Map(page.apps.map((a) => [a.id, a]));
  const apps: AccountApp[] = ig.apps.map(({ id, role, takeControl, fields }) => {
    const app = pageApps.get(id);
    const webhook = app?.webhook && { url: app.webhook.url, verifyToken: app.webhook.verifyToken, fields: fields ?? INSTAGRAM.webhookFields };
    return {
      id,
      name: app?.name ?? INSTAGRAM.inbox.name,
      ...(role !== undefined && { role }),
      ...(takeControl !== undefined && { takeControl }),
      ...(app?.appSecret !== undefined && { appSecret: app.appSecret }),
      ...(webhook && { webhook }),
    };
  });
  if (!apps.some((a) => a.id === INSTAGRAM.inbox.appId)) apps.push({ id: INSTAGRAM.inbox.appId, name: INSTAGRAM.inbox.name });
  const instagram: Account = {
    id: ig.id,
    pageId: page.id,
    channel: INSTAGRAM,
    name: ig.username,
    protocol: ig.protocol ?? INSTAGRAM.defaultProtocol!,
    defaultApp: ig.defaultApp,
    entryPoints: ig.entryPoints,
    apps,
    users: ig.users.map(({ igsid, ...profile }) => ({ psid: igsid, name: profile.name ?? profile.username, instagram: profile })),
    connected: new Set(apps.map((a) => a.id)),
  };
  return [messenger, instagram];
}
