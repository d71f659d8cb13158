import fc from 'fast-check';
import { FIELDS, PAGE_INBOX, type Field } from './reference-model.js';
import { type EntryPoint, type ProfileModel, type ProfileName, type ProfilePage } from './profile-model.js';
import { APP_POOL, PAGE_IDS, USER_POOL, tokenOf } from './world.arbitrary.js';

/**
 * Arbitrary worlds for HOP v2 and Conversation Routing: one or two pages of the same profile, each with 1–4
 * apps (the Page Inbox among them or not), webhooks subscribed to any non-empty set of fields or none,
 * 1–2 users. v2: an optional primary (roles are optional). CR: a default app or none (zero-config), the
 * take permission per app, and entry points (an m.me `ref` or an ad id → an app; an ad's control window
 * 1–30 days); a zero-config page may have entry points too (they route, nothing else does).
 */
export const REFS = ['support', 'sales'] as const;
export const AD_IDS = ['6001', '6002'] as const;
/** When the world starts: the platform's clock and the model's `now`. */
export const START = 1_700_000_000_000;

export type CRConfig = 'default-app' | 'zero-config';

export interface ProfileWorldSpec {
  profile: ProfileName;
  pages: {
    apps: { id: string; primary: boolean; takeControl: boolean; fields: Field[] | null }[];
    defaultApp: string | null;
    entryPoints: EntryPoint[];
    users: string[];
  }[];
}

const appSpec = (id: string) =>
  fc.record({
    id: fc.constant(id),
    primary: fc.boolean(),
    takeControl: fc.boolean(),
    fields: id === PAGE_INBOX ? fc.constant(null) : fc.option(fc.subarray([...FIELDS], { minLength: 1 }), { nil: null, freq: 3 }),
  });

function pageSpec(profile: ProfileName, config: CRConfig | null) {
  return fc
    .record({
      ids: fc.uniqueArray(fc.constantFrom(...APP_POOL, PAGE_INBOX), { minLength: 1, maxLength: 4 }),
      users: fc.integer({ min: 1, max: USER_POOL.length }),
      // Past the page's apps: the Page Inbox, unlisted (built in, it may be the default app or a route's app).
      defaultIndex: fc.nat(4),
      refs: fc.array(fc.record({ ref: fc.constantFrom(...REFS), app: fc.nat(3) }), { maxLength: 2 }),
      ads: fc.array(fc.record({ adId: fc.constantFrom(...AD_IDS), app: fc.nat(3), days: fc.integer({ min: 1, max: 30 }) }), { maxLength: 2 }),
    })
    .chain(({ ids, users, defaultIndex, refs, ads }) =>
      fc.record({
        apps: fc.tuple(...ids.map(appSpec)),
        users: fc.constant(USER_POOL.slice(0, users)),
        defaultIndex: fc.constant(defaultIndex),
        refs: fc.constant(refs),
        ads: fc.constant(ads),
      }),
    )
    .map(({ apps, users, defaultIndex, refs, ads }) => {
      const ids = apps.map((a) => a.id);
      const at = (i: number) => (i >= ids.length ? PAGE_INBOX : ids[i]!);
      if (profile === 'hop-v2') {
        // At most one primary: the first app drawn as primary keeps it. No take permission in v2.
        const primary = apps.find((a) => a.primary)?.id;
        return { apps: apps.map((a) => ({ ...a, primary: a.id === primary, takeControl: false })), defaultApp: null, entryPoints: [], users: [...users] };
      }
      const defaultApp = config === 'default-app' ? at(defaultIndex) : null;
      const entryPoints: EntryPoint[] = [
        ...dedupe(refs, (r) => r.ref).map((r) => ({ ref: r.ref, app: at(r.app) })),
        ...dedupe(ads, (a) => a.adId).map((a) => ({ adId: a.adId, app: at(a.app), controlExpirationDays: a.days })),
      ];
      // The take permission is a CR page setting; zero-config blocks take anyway (§1.2), keep it drawn.
      return { apps: apps.map((a) => ({ ...a, primary: false })), defaultApp, entryPoints, users: [...users] };
    });
}

const dedupe = <T>(xs: T[], key: (x: T) => string) => xs.filter((x, i) => xs.findIndex((y) => key(y) === key(x)) === i);

export function profileWorldArb(profile: ProfileName, config: CRConfig | null): fc.Arbitrary<ProfileWorldSpec> {
  return fc.array(pageSpec(profile, config), { minLength: 1, maxLength: 2 }).map((pages) => ({ profile, pages }));
}

/** The world file for the system under test (the agreed world schema of issue 11). */
export function toProfileWorld(spec: ProfileWorldSpec) {
  return {
    profile: spec.profile,
    pages: spec.pages.map((page, i) => ({
      id: PAGE_IDS[i]!,
      name: `Page ${i}`,
      ...(page.defaultApp === null ? {} : { defaultApp: page.defaultApp }),
      ...(page.entryPoints.length === 0 ? {} : { entryPoints: page.entryPoints }),
      apps: page.apps.map((a) => ({
        id: a.id,
        name: a.id === PAGE_INBOX ? 'Page Inbox' : `App ${a.id}`,
        ...(a.primary ? { role: 'primary' as const } : {}),
        ...(a.takeControl && spec.profile === 'conversation-routing' ? { takeControl: true } : {}),
        ...(a.id === PAGE_INBOX ? {} : { accessToken: tokenOf(i, a.id), appSecret: `sec-${i}-${a.id}` }),
        // Port 9 (discard): nothing listens, deliveries (if any) fail without reaching anyone.
        ...(a.fields === null ? {} : { webhook: { url: `http://127.0.0.1:9/hook/${i}/${a.id}`, verifyToken: 'vt', fields: a.fields } }),
      })),
      users: page.users.map((psid) => ({ psid, name: `User ${psid}` })),
    })),
  };
}

/**
 * The reference model of the same world, as loaded: every known user's thread idle, and (a choice of the
 * platform: the world's users wrote when the world started) inside the messaging window.
 */
export function toProfileModel(spec: ProfileWorldSpec): ProfileModel {
  return {
    now: START,
    pages: spec.pages.map((page, i): ProfilePage => ({
      id: PAGE_IDS[i]!,
      profile: spec.profile,
      apps: page.apps.map((a) => ({
        id: a.id, token: a.id === PAGE_INBOX ? null : tokenOf(i, a.id), fields: a.fields,
        role: a.primary ? 'primary' : null, takeControl: spec.profile === 'conversation-routing' && a.takeControl,
      })),
      // The Page Inbox named as default app or a route's app is connected, listed or not.
      installed: [...new Set([...page.apps.map((a) => a.id), ...[page.defaultApp, ...page.entryPoints.map((e) => e.app)].filter((id) => id === PAGE_INBOX)])],
      primary: page.apps.find((a) => a.primary)?.id ?? null,
      defaultApp: page.defaultApp,
      entryPoints: [...page.entryPoints],
      users: [...page.users],
      threads: new Map(page.users.map((psid) => [psid, { owner: null, expiresAt: null, lastUserMessageAt: START }])),
    })),
  };
}

export function describeProfileWorld(spec: ProfileWorldSpec): string {
  const app = (id: string) => (id === PAGE_INBOX ? 'inbox' : id.slice(-1));
  return `${spec.profile} ` + spec.pages
    .map((p, i) => `page${i}[${p.apps.map((a) => `${app(a.id)}${a.primary ? ':P' : ''}${a.takeControl && spec.profile !== 'hop-v2' ? ':take' : ''}${a.fields === null ? '' : `{${a.fields.map((f) => f.slice(0, 4)).join(',')}}`}`).join(' ')}`
      + `${p.defaultApp === null ? '' : ` default=${app(p.defaultApp)}`}${p.entryPoints.map((e) => ` ${e.ref ?? `ad${e.adId}/${e.controlExpirationDays}d`}→${app(e.app)}`).join('')}]`)
    .join(' ');
}
