import fc from 'fast-check';
import { FIELDS, PAGE_INBOX, type Field, type Model } from './reference-model.js';

/**
 * Arbitrary worlds: one or two pages, each with 1–4 apps (the Page Inbox among them or not), a primary or
 * none, 0–3 secondaries, webhooks subscribed to any non-empty set of fields or no webhook at all, 1–2 users.
 * The same app may be installed on both pages (with a token per page): what token scope is about.
 */
export const APP_POOL = ['2000000001', '2000000002', '2000000003', '2000000004'] as const;
export const PAGE_IDS = ['1000000001', '1000000002'] as const;
export const USER_POOL = ['3000000001', '3000000002'] as const;
/** A PSID no page knows until the user writes. */
export const NEW_PSID = '3000000099';
/** An app id installed nowhere. */
export const UNKNOWN_APP = '2999999999';

export interface WorldSpec {
  pages: {
    apps: { id: string; role: 'primary' | 'secondary' | null; fields: Field[] | null }[];
    users: string[];
  }[];
}

const appSpec = (id: string) =>
  fc.record({
    id: fc.constant(id),
    role: fc.constantFrom<'primary' | 'secondary' | null>(null, 'primary', 'secondary'),
    // The Page Inbox takes no webhook: it hears everything.
    fields: id === PAGE_INBOX ? fc.constant(null) : fc.option(fc.subarray([...FIELDS], { minLength: 1 }), { nil: null, freq: 3 }),
  });

const pageSpec = fc
  .record({
    ids: fc.uniqueArray(fc.constantFrom(...APP_POOL, PAGE_INBOX), { minLength: 1, maxLength: 4 }),
    users: fc.integer({ min: 1, max: USER_POOL.length }),
  })
  .chain(({ ids, users }) =>
    fc.record({ apps: fc.tuple(...ids.map(appSpec)), users: fc.constant(USER_POOL.slice(0, users)) }),
  )
  .map(({ apps, users }) => {
    // At most one primary: the first app drawn as primary keeps it, later ones become secondaries.
    let primarySeen = false;
    const fixed = apps.map((a) => {
      if (a.role !== 'primary') return a;
      if (primarySeen) return { ...a, role: 'secondary' as const };
      primarySeen = true;
      return a;
    });
    return { apps: fixed, users: [...users] };
  });

export const worldSpecArb: fc.Arbitrary<WorldSpec> = fc.array(pageSpec, { minLength: 1, maxLength: 2 }).map((pages) => ({ pages }));

export const tokenOf = (pageIndex: number, appId: string) => `tok-${pageIndex}-${appId}`;

/** The world file for the system under test. */
export function toWorld(spec: WorldSpec) {
  return {
    profile: 'hop-v1' as const,
    pages: spec.pages.map((page, i) => ({
      id: PAGE_IDS[i]!,
      name: `Page ${i}`,
      apps: page.apps.map((a) => ({
        id: a.id,
        name: a.id === PAGE_INBOX ? 'Page Inbox' : `App ${a.id}`,
        ...(a.role === null ? {} : { role: a.role }),
        ...(a.id === PAGE_INBOX ? {} : { accessToken: tokenOf(i, a.id), appSecret: `sec-${i}-${a.id}` }),
        // Port 9 (discard): nothing listens, deliveries (if any) fail without reaching anyone.
        ...(a.fields === null ? {} : { webhook: { url: `http://127.0.0.1:9/hook/${i}/${a.id}`, verifyToken: 'vt', fields: a.fields } }),
      })),
      users: page.users.map((psid) => ({ psid, name: `User ${psid}` })),
    })),
  };
}

/** The reference model of the same world, as loaded. */
export function toModel(spec: WorldSpec): Model {
  return {
    pages: spec.pages.map((page, i) => ({
      id: PAGE_IDS[i]!,
      apps: page.apps.map((a) => ({ id: a.id, token: a.id === PAGE_INBOX ? null : tokenOf(i, a.id), fields: a.fields, role: a.role })),
      installed: page.apps.map((a) => a.id),
      primary: page.apps.find((a) => a.role === 'primary')?.id ?? null,
      secondaries: page.apps.filter((a) => a.role === 'secondary').map((a) => a.id),
      users: [...page.users],
      owners: new Map(),
    })),
  };
}

export function describeWorld(spec: WorldSpec): string {
  return spec.pages
    .map((p, i) => `page${i}[${p.apps.map((a) => `${a.id === PAGE_INBOX ? 'inbox' : a.id.slice(-1)}${a.role === 'primary' ? ':P' : a.role === 'secondary' ? ':S' : ''}${a.fields === null ? '' : `{${a.fields.map((f) => f.slice(0, 4)).join(',')}}`}`).join(' ')}]`)
    .join(' ');
}
