import { z } from 'zod';
import { PROFILE_NAMES, type ProfileName } from '../../machines/platform/profile-names.js';
import { PROFILES } from '../../machines/platform/profiles.js';
import type { WorldInput } from '../../fake-graph-api/world/world.schema.js';

/**
 * `doctor --url`: the pages of a running fake, read from its `GET /__admin/pages`, as a world the doctor can
 * play on a copy of. The running fake is only read: the doctor's users never write to it, so the bots behind
 * its webhooks see nothing. What the route does not say is filled in and noted: the apps' webhook fields
 * (every app is taken to hear every field), and the pages' protocol when the route leaves it out.
 */
const adminPagesSchema = z.object({
  pages: z.array(z.object({
    id: z.string(),
    name: z.string().optional(),
    /** Newer fakes may say a page's protocol and its Conversation Routing settings; read them when they do. */
    protocol: z.enum(PROFILE_NAMES).optional(),
    defaultApp: z.string().nullable().optional(),
    roles: z.object({ primary: z.string().nullable(), secondary: z.array(z.string()) }),
    apps: z.array(z.object({ id: z.string(), name: z.string(), takeControl: z.boolean().optional() })),
    users: z.array(z.object({ psid: z.string(), name: z.string() })),
  })).min(1),
});

export class RunningFakeError extends Error {}

export interface RunningWorld {
  world: WorldInput;
  notes: string[];
}

export async function readRunningFake(url: string, protocol?: ProfileName): Promise<RunningWorld> {
  const address = `${url.replace(/\/+$/, '')}/__admin/pages`;
  let json: unknown;
  try {
    const response = await fetch(address);
    if (!response.ok) throw new RunningFakeError(`GET ${address} answered HTTP ${response.status}: is this a handover-sim fake?`);
    json = await response.json();
  } catch (err) {
    if (err instanceof RunningFakeError) throw err;
    throw new RunningFakeError(`cannot read ${address}: ${(err as Error).message}`);
  }
  const parsed = adminPagesSchema.safeParse(json);
  if (!parsed.success) throw new RunningFakeError(`GET ${address} is not the page list of a handover-sim fake: ${parsed.error.issues[0]?.message ?? ''}`);
  return worldOfPages(parsed.data.pages, url, protocol);
}

type AdminPage = z.infer<typeof adminPagesSchema>['pages'][number];

export function worldOfPages(pages: AdminPage[], url: string, protocol?: ProfileName): RunningWorld {
  const notes = [`read the pages of the running fake at ${url} (GET /__admin/pages); the doctor plays a copy, the fake is not changed`];
  notes.push('the running fake does not say which webhook fields its apps subscribed to: every app is taken to hear every field');
  const world: WorldInput = {
    pages: pages.map((page) => {
      const chosen = protocol ?? page.protocol;
      if (chosen === undefined) notes.push(`page ${page.id}: the running fake does not say its protocol; read as hop-v1 (pass --protocol to choose)`);
      const profile = chosen ?? 'hop-v1';
      // A profile without roles (Conversation Routing) is set by a default app and take permissions the route must give.
      const routed = PROFILES[profile].validatePage({ apps: [{ id: page.apps[0]?.id ?? '0', role: 'primary' }] }).length > 0;
      if (routed && page.defaultApp === undefined) {
        throw new RunningFakeError(`page ${page.id} runs ${profile}, but the running fake's /__admin/pages does not say its default app and take permissions: diagnose the world file it was started with (doctor --world FILE)`);
      }
      const roleOf = (id: string) => (page.roles.primary === id ? 'primary' as const : page.roles.secondary.includes(id) ? 'secondary' as const : undefined);
      return {
        id: page.id,
        name: page.name ?? page.id,
        protocol: profile,
        ...(routed && page.defaultApp !== null && page.defaultApp !== undefined ? { defaultApp: page.defaultApp } : {}),
        apps: page.apps.map((app) => {
          const role = routed ? undefined : roleOf(app.id);
          return { id: app.id, name: app.name, ...(role && { role }), ...(routed && app.takeControl !== undefined && { takeControl: app.takeControl }) };
        }),
        users: page.users,
      };
    }),
  };
  return { world, notes };
}
