import { z } from 'zod';
import { MESSENGER, PAGE_INBOX_APP_ID, PROFILES, PROFILE_NAMES, WEBHOOK_FIELDS, type ProfileName } from '../../machines/platform/index.js';
import { menuNeedsGetStarted, messengerProfileSchema } from '../messenger-profile.js';
import { NUMERIC_ID } from './ids.schema.js';
import { foreignInboxIssues, instagramIssues, instagramSchema } from './instagram.schema.js';

/**
 * The world file: pages, their apps with roles, tokens and webhooks, and their users.
 * Validated on load; every rule a world must obey is stated here once.
 */
export { NUMERIC_ID };
const numericId = z.string().regex(NUMERIC_ID, 'must be a numeric id in a string, as Meta writes them');

export const webhookSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  verifyToken: z.string().min(1),
  fields: z.array(z.enum(WEBHOOK_FIELDS)).min(1),
});

const protocolSchema = z.enum(PROFILE_NAMES);

export const appSchema = z.strictObject({
  id: numericId,
  name: z.string().min(1),
  role: z.enum(['primary', 'secondary']).optional(),
  /** Conversation Routing: "Allow this app to take control" (Page Settings → Advanced Messaging). */
  takeControl: z.boolean().optional(),
  accessToken: z.string().min(1).optional(),
  appSecret: z.string().min(1).optional(),
  webhook: webhookSchema.optional(),
  /** The app's Messenger Profile at the start (Get Started, menu, …), as `POST /me/messenger_profile` takes it. */
  messengerProfile: messengerProfileSchema
    .refine(menuNeedsGetStarted, 'a persistent_menu needs a get_started button (Meta refuses it with 2018145)')
    .optional(),
});

/**
 * A user, with the optional profile the User Profile API answers (`GET /{psid}?fields=…`; field names as
 * Meta's: https://developers.facebook.com/docs/messenger-platform/identity/user-profile). first_name and
 * last_name default to the words of `name`.
 */
export const userSchema = z.strictObject({
  psid: numericId,
  name: z.string().min(1),
  first_name: z.string().min(1).optional(),
  last_name: z.string().optional(),
  profile_pic: z.url().optional(),
  locale: z.string().regex(/^[a-z]{2}_[A-Z]{2}$/, 'must be a locale such as en_US').optional(),
  timezone: z.number().min(-24).max(24).optional(),
  gender: z.string().min(1).optional(),
});

/** Conversation Routing entry points: an m.me link's `ref`, or an ad with its control window in days. */
export const entryPointSchema = z.union([
  z.strictObject({ ref: z.string().min(1), app: numericId }),
  z.strictObject({ adId: numericId, app: numericId, controlExpirationDays: z.number().int().optional() }),
], { error: 'must be {"ref":"…","app":"<app id>"} or {"adId":"…","app":"<app id>","controlExpirationDays":1–30}' });

export const pageSchema = z
  .strictObject({
    id: numericId,
    name: z.string().min(1),
    /** This page's protocol; the world's `profile` when absent. */
    protocol: protocolSchema.optional(),
    /** Conversation Routing: the default application (none: zero-config). */
    defaultApp: numericId.optional(),
    entryPoints: z.array(entryPointSchema).optional(),
    apps: z.array(appSchema),
    users: z.array(userSchema).default([]),
    /** The Page's linked Instagram professional account (docs/instagram.md). */
    instagram: instagramSchema.optional(),
  })
  .superRefine((page, ctx) => {
    const issue = ({ path, message }: { path: (string | number)[]; message: string }) => ctx.addIssue({ code: 'custom', path, message });
    foreignInboxIssues(page.apps, MESSENGER).forEach(issue);
    if (page.instagram) instagramIssues(page.instagram, page).forEach(issue);
    const primaries = page.apps.filter((a) => a.role === 'primary');
    if (primaries.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['apps'], message: `only one app may be primary, found ${primaries.map((a) => a.id).join(', ')}` });
    }
    page.apps.forEach((app, i) => {
      if (page.apps.findIndex((a) => a.id === app.id) !== i) {
        ctx.addIssue({ code: 'custom', path: ['apps', i, 'id'], message: `app ${app.id} is listed twice` });
      }
      if (app.id === PAGE_INBOX_APP_ID && (app.accessToken || app.appSecret || app.webhook)) {
        ctx.addIssue({ code: 'custom', path: ['apps', i], message: 'the Page Inbox is played by the fake: it takes no accessToken, appSecret or webhook' });
      }
      if (app.webhook && !app.appSecret) {
        ctx.addIssue({ code: 'custom', path: ['apps', i, 'appSecret'], message: 'an app with a webhook needs an appSecret to sign deliveries' });
      }
    });
    // A Set, not findIndex: a crowd world has 100 000 users.
    const psids = new Set<string>();
    page.users.forEach((user, i) => {
      if (psids.has(user.psid)) {
        ctx.addIssue({ code: 'custom', path: ['users', i, 'psid'], message: `psid ${user.psid} is listed twice` });
      }
      psids.add(user.psid);
    });
  });

export const worldSchema = z
  .strictObject({
    profile: protocolSchema.optional(),
    /** A synonym of `profile`. */
    protocol: protocolSchema.optional(),
    pages: z.array(pageSchema).min(1),
  })
  .superRefine((world, ctx) => {
    const seen = new Map<string, string>();
    world.pages.forEach((page, p) => {
      // Each profile states what a page under it may configure (roles; or default app, take, entry points).
      for (const issue of PROFILES[page.protocol ?? world.profile ?? world.protocol ?? 'hop-v1'].validatePage(page)) {
        ctx.addIssue({ code: 'custom', path: ['pages', p, ...issue.path], message: issue.message });
      }
      if (world.pages.findIndex((q) => q.id === page.id) !== p) {
        ctx.addIssue({ code: 'custom', path: ['pages', p, 'id'], message: `page ${page.id} is listed twice` });
      }
      // An Instagram account's id is an entry id beside the Pages' (the webhook's entry[].id): unique among them.
      const ig = page.instagram?.id;
      if (ig !== undefined) {
        const q = world.pages.findIndex((other, o) => other.id === ig || (o < p && other.instagram?.id === ig));
        if (q !== -1) ctx.addIssue({ code: 'custom', path: ['pages', p, 'instagram', 'id'], message: `${ig} is already the id of ${world.pages[q]!.id === ig ? `page pages[${q}]` : `the Instagram account of pages[${q}]`}` });
      }
      page.apps.forEach((app, a) => {
        if (!app.accessToken) return;
        const where = `pages[${p}].apps[${a}]`;
        const other = seen.get(app.accessToken);
        if (other) ctx.addIssue({ code: 'custom', path: ['pages', p, 'apps', a, 'accessToken'], message: `token is already used by ${other}` });
        seen.set(app.accessToken, where);
      });
    });
    if (world.profile !== undefined && world.protocol !== undefined && world.profile !== world.protocol) {
      ctx.addIssue({ code: 'custom', path: ['protocol'], message: `"protocol" is a synonym of "profile": they disagree (${world.protocol} vs ${world.profile})` });
    }
  })
  .transform(({ profile, protocol, pages }) => ({ profile: profile ?? protocol ?? ('hop-v1' as ProfileName), pages }));

export type World = z.output<typeof worldSchema>;
export type WorldInput = z.input<typeof worldSchema>;
export type WorldPage = World['pages'][number];
export type WorldApp = WorldPage['apps'][number];
export type WorldUser = WorldPage['users'][number];
