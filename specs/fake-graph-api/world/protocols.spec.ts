import { describe, expect, it } from 'vitest';
import { parseWorld } from '../../../fake-graph-api/world/load-world.js';
import { worldUnder } from '../../../fake-graph-api/world/world-under.js';

/** World files per protocol (issue 11 §1): per-page protocol, CR settings, and one clear error per misconfiguration. */
const app = (id: string, extra: object = {}) => ({ id, name: `App ${id}`, ...extra });
const crPage = (extra: object) => ({ id: '1', name: 'P', protocol: 'conversation-routing', apps: [app('2'), app('3')], ...extra });
const errorOf = (world: unknown) => {
  try {
    parseWorld(world, 'w');
  } catch (err) {
    return (err as Error).message;
  }
  return 'no error';
};

describe('world files per protocol', () => {
  it('a page may set its own protocol; the world-level default stays hop-v1; "protocol" is a synonym of "profile"', () => {
    const world = parseWorld({ protocol: 'hop-v2', pages: [crPage({ defaultApp: '2' }), { id: '9', name: 'Q', apps: [] }] });
    expect(world).toEqual({
      profile: 'hop-v2',
      pages: [
        { id: '1', name: 'P', protocol: 'conversation-routing', defaultApp: '2', apps: [app('2'), app('3')], users: [] },
        { id: '9', name: 'Q', apps: [], users: [] },
      ],
    });
  });

  it.each([
    ['the default app is not connected', crPage({ defaultApp: '7' }), 'pages[0].defaultApp: the default application 7 is not connected to this page (list it under apps)'],
    ['a role on a CR page', crPage({ apps: [app('2', { role: 'primary' })] }), 'pages[0].apps[0].role: Conversation Routing has no roles: remove "role" (use "defaultApp" and "takeControl")'],
    ['an entry point to an app not on the page', crPage({ entryPoints: [{ ref: 'x', app: '8' }] }), 'pages[0].entryPoints[0].app: entry point app 8 is not connected to this page'],
    ['an ad window of 31 days', crPage({ entryPoints: [{ adId: '6001', app: '2', controlExpirationDays: 31 }] }), 'pages[0].entryPoints[0].controlExpirationDays: must be between 1 and 30 days'],
    ['the same ref routed twice', crPage({ entryPoints: [{ ref: 'x', app: '2' }, { ref: 'x', app: '3' }] }), 'pages[0].entryPoints[1]: ref x is routed twice'],
    ['a take permission on a HOP page', { id: '1', name: 'P', apps: [app('2', { takeControl: true })] }, 'pages[0].apps[0].takeControl: the take-control permission is a Conversation Routing setting: HOP gives the primary the right to take'],
    ['a default app on a HOP page', { id: '1', name: 'P', defaultApp: '2', apps: [app('2')] }, 'pages[0].defaultApp: a default application is a Conversation Routing setting: set "protocol": "conversation-routing" on this page'],
  ])('%s: one clear error', (_, page, line) => {
    expect(errorOf({ pages: [page] })).toBe(`w is not a valid world:\n  ${line}`);
  });

  it('worldUnder: a HOP world under CR makes the primary the default app and gives every app with a role the take permission', () => {
    const hop = parseWorld({ pages: [{ id: '1', name: 'P', apps: [app('2', { role: 'primary' }), app('3', { role: 'secondary' }), app('4')] }] });
    expect(worldUnder(hop, 'conversation-routing')).toEqual({
      profile: 'conversation-routing',
      pages: [{ id: '1', name: 'P', defaultApp: '2', apps: [app('2', { takeControl: true }), app('3', { takeControl: true }), app('4')], users: [] }],
    });
    expect(worldUnder(hop, 'hop-v2')).toEqual({ ...hop, profile: 'hop-v2' });
  });
});
