import { describe, expect, it } from 'vitest';
import { WorldError, loadWorld, parseWorld, type WorldInput } from '../../../fake-graph-api/index.js';
import { DEFAULT_INSTAGRAM_ACCOUNT } from '../../../fake-graph-api/world/default-world.js';
import { worldOnChannels } from '../../../fake-graph-api/world/world-channels.js';
import { ACME, BOT, DESK, IG, IG_ANN, IG_INBOX, PAGE_INBOX, SHOP, WORLD } from './fixtures.js';

/** A copy of the Acme page with its Instagram account changed. */
function withInstagram(change: (ig: Record<string, unknown>, page: Record<string, unknown>) => void): WorldInput {
  const world = structuredClone(WORLD) as { pages: Record<string, unknown>[] };
  const page = world.pages[0]!;
  change(page['instagram'] as Record<string, unknown>, page);
  return world as WorldInput;
}

/** The lines of a world's validation error (the path and message of each issue). */
function issues(world: WorldInput): string[] {
  try {
    parseWorld(world, 'w');
  } catch (err) {
    expect(err).toBeInstanceOf(WorldError);
    return (err as Error).message.split('\n').slice(1).map((l) => l.trim());
  }
  throw new Error('the world was valid');
}

describe('world file: a Page\'s Instagram account (issue 23 part 1)', () => {
  it('a valid account: Conversation Routing by default, its users keyed by IGSID, the Instagram Inbox connected unlisted', () => {
    const world = parseWorld(WORLD);
    expect(world.pages[0]!.instagram).toMatchObject({ id: IG, username: 'acme.ig', defaultApp: BOT });
    expect(world.pages[0]!.instagram!.protocol).toBeUndefined();
  });

  it('an app that is not the Page\'s, the Page Inbox on Instagram and the Instagram Inbox on the Page name their fields', () => {
    expect(issues(withInstagram((ig, page) => {
      ig['apps'] = [{ id: BOT }, { id: '2299999999' }, { id: PAGE_INBOX }];
      (page['apps'] as object[]).push({ id: IG_INBOX, name: 'IG Inbox' });
    }))).toEqual([
      `pages[0].apps[4].id: the Instagram Inbox (${IG_INBOX}) answers Instagram threads only: it is no app of a Page`,
      'pages[0].instagram.apps[1].id: app 2299999999 is not an app of this Page: an app messages on Instagram through the Page it is connected to (list it under apps first)',
      `pages[0].instagram.apps[2].id: Page Inbox ${PAGE_INBOX} answers Messenger threads only: Instagram's inbox is the Instagram Inbox (${IG_INBOX}), connected already`,
      // DESK, the "support" entry point's app, lost its Instagram messaging with the list above.
      `pages[0].instagram.entryPoints[0].app: app ${DESK} is connected to the Page but has no Instagram messaging on acme.ig: list it under instagram.apps`,
    ]);
  });

  it('an app of the Page without Instagram messaging as the default app or an entry point\'s app', () => {
    expect(issues(withInstagram((ig) => {
      ig['defaultApp'] = SHOP;
      ig['entryPoints'] = [{ ref: 'shop', app: SHOP }];
    }))).toEqual([
      `pages[0].instagram.defaultApp: app ${SHOP} is connected to the Page but has no Instagram messaging on acme.ig: list it under instagram.apps`,
      `pages[0].instagram.entryPoints[0].app: app ${SHOP} is connected to the Page but has no Instagram messaging on acme.ig: list it under instagram.apps`,
    ]);
  });

  it('an IGSID reused as a PSID of the Page, and an IGSID listed twice', () => {
    expect(issues(withInstagram((ig, page) => {
      (page['users'] as object[]).push({ psid: '7299999999', name: 'Zed' });
      ig['users'] = [{ igsid: IG_ANN, username: 'a' }, { igsid: '7299999999', username: 'z' }, { igsid: IG_ANN, username: 'b' }];
    }))).toEqual([
      'pages[0].instagram.users[1].igsid: igsid 7299999999 is already the PSID of users[1]: Meta scopes a person\'s id per channel, so one id is never both a PSID and an IGSID',
      `pages[0].instagram.users[2].igsid: igsid ${IG_ANN} is listed twice`,
    ]);
  });

  it('HOP v1 on Instagram, roles under Conversation Routing, fields without a webhook, a bad username', () => {
    expect(issues(withInstagram((ig) => { ig['protocol'] = 'hop-v1'; }))).toEqual([
      'pages[0].instagram.protocol: Instagram runs "hop-v2" or "conversation-routing" (Meta never ran HOP v1 on Instagram)',
    ]);
    expect(issues(withInstagram((ig) => { ig['username'] = 'no spaces allowed'; }))).toEqual([
      'pages[0].instagram.username: must be an Instagram username: at most 30 letters, digits, . and _',
    ]);
    expect(issues(withInstagram((ig) => { ig['apps'] = [{ id: BOT, role: 'primary', takeControl: true }, { id: DESK, fields: ['messages'] }]; }))).toEqual([
      'pages[0].instagram.apps[1].fields: app 2200000002 has no webhook on the Page: its Instagram events go to the Page app\'s webhook URL, so give it one there',
      'pages[0].instagram.apps[0].role: Conversation Routing has no roles: remove "role" (use "defaultApp" and "takeControl")',
    ]);
  });

  it('an Instagram account id that is a Page\'s id or another Page\'s account\'s', () => {
    const world = structuredClone(WORLD) as { pages: { id: string; instagram?: { id: string } }[] };
    world.pages[1]!.instagram!.id = ACME;
    expect(issues(world as WorldInput)).toEqual([`pages[1].instagram.id: ${ACME} is already the id of page pages[0]`]);
    world.pages[1]!.instagram!.id = IG;
    expect(issues(world as WorldInput)).toEqual([`pages[1].instagram.id: ${IG} is already the id of the Instagram account of pages[0]`]);
  });
});

describe('--channel: the channels a world runs (world-channels.ts)', () => {
  it('messenger leaves the Instagram accounts out; instagram and all keep them; none given: the world as it is', () => {
    const world = parseWorld(WORLD);
    expect(worldOnChannels(world, 'messenger').pages.map((p) => p.instagram)).toEqual([undefined, undefined]);
    expect(worldOnChannels(world, 'instagram')).toBe(world);
    expect(worldOnChannels(world, 'all')).toBe(world);
    expect(worldOnChannels(world, undefined)).toBe(world);
  });

  it('the built-in world: Messenger only unless --channel instagram|all gives Acme Shoes its Instagram account', () => {
    expect(loadWorld().pages[0]!.instagram).toBeUndefined();
    expect(loadWorld(undefined, 'messenger').pages[0]!.instagram).toBeUndefined();
    for (const channel of ['instagram', 'all'] as const) {
      const { pages } = loadWorld(undefined, channel);
      expect(pages.map((p) => p.id)).toEqual(['1000000001']);
      expect(pages[0]!.instagram).toEqual({
        id: '1784140000000001', username: 'acme.shoes', defaultApp: '2000000001',
        apps: [{ id: '2000000001', takeControl: true }, { id: '2000000002', takeControl: true }],
        users: [{ igsid: '7000000001', username: 'ann.walks', name: 'Ann' }, { igsid: '7000000002', username: 'bo_runs', name: 'Bo' }, { igsid: '7000000003', username: 'cy.hikes' }],
      });
      expect(pages[0]!.instagram).toEqual(DEFAULT_INSTAGRAM_ACCOUNT);
    }
  });

  it('a world file without an Instagram account under --channel instagram: a WorldError naming the file', () => {
    const world = parseWorld({ pages: [{ id: '1', name: 'P', apps: [] }] });
    expect(() => worldOnChannels(world, 'instagram', 'world file w.json')).toThrow(new WorldError('--channel instagram: world file w.json has no Instagram account (give a page "instagram": {"id","username","apps","users"}; docs/instagram.md)'));
  });
});
