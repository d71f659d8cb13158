import { z } from 'zod';
import { PAGE_INBOX_APP_ID, PROFILE_NAMES, WEBHOOK_FIELDS, type ProfileName } from '../../machines/platform/index.js';
import { menuNeedsGetStarted, messengerProfileSchema } from '../messenger-profile.js';

/**
 * The world file: pages, their apps with roles, tokens and webhooks, and their users.
 * Validated on load; every rule a world must obey is stated here once.
 */
/** Page, app and user ids: digits in a string, as Meta writes them (at most 16, so they fit a double exactly). */
export const NUMERIC_ID = /^[0-9]{1,16}$/;
const numericId = z.string().regex(NUMERIC_ID, 'must be a numeric id in a string, as Meta writes them');

export const webhookSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }),
  verifyToken: z.string().min(1),
  fields: z.array(z.enum(WEBHOOK_FIELDS)).min(1),
});

export const appSchema = z.strictObject({
  id: numericId,
  name: z.string().min(1),
  role: z.enum(['primary', 'secondary']).optional(),
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

export const pageSchema = z
  .strictObject({
    id: numericId,
    name: z.string().min(1),
    apps: z.array(appSchema),
    users: z.array(userSchema).default([]),
  })
  .superRefine((page, ctx) => {
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
    profile: z.enum(PROFILE_NAMES as [ProfileName, ...ProfileName[]]).default('hop-v1'),
    pages: z.array(pageSchema).min(1),
  })
  .superRefine((world, ctx) => {
    const seen = new Map<string, string>();
    world.pages.forEach((page, p) => {
      if (world.pages.findIndex((q) => q.id === page.id) !== p) {
        ctx.addIssue({ code: 'custom', path: ['pages', p, 'id'], message: `page ${page.id} is listed twice` });
      }
      page.apps.forEach((app, a) => {
        if (!app.accessToken) return;
        const where = `pages[${p}].apps[${a}]`;
        const other = seen.get(app.accessToken);
        if (other) ctx.addIssue({ code: 'custom', path: ['pages', p, 'apps', a, 'accessToken'], message: `token is already used by ${other}` });
        seen.set(app.accessToken, where);
      });
    });
  });

export type World = z.output<typeof worldSchema>;
export type WorldInput = z.input<typeof worldSchema>;
export type WorldPage = World['pages'][number];
export type WorldApp = WorldPage['apps'][number];
export type WorldUser = WorldPage['users'][number];
