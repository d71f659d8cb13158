import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORLD, loadWorld, parseWorld, WorldError } from '../../../fake-graph-api/index.js';

/** World validation: the issue's example loads; every bad field is named, with the file, never a stack. */
const ISSUE_WORLD = new URL('./fixtures/issue-world.json', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'handover-sim-world-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = { profile?: unknown; pages: Record<string, any>[] };
const issueWorld = (): Json => JSON.parse(readFileSync(ISSUE_WORLD, 'utf8')) as Json;
let n = 0;
function writeWorld(content: unknown): string {
  const path = join(dir, `world-${n++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}
function loadError(path: string): string {
  try {
    loadWorld(path);
  } catch (err) {
    expect(err).toBeInstanceOf(WorldError);
    return (err as Error).message;
  }
  throw new Error(`${path} loaded`);
}

describe('good worlds', () => {
  it("the issue's example world loads as written", () => {
    const world = loadWorld(ISSUE_WORLD);
    expect(world).toEqual(issueWorld());
    expect(world.pages[0]!.apps.map((a) => [a.id, a.role])).toEqual([['2000000001', 'primary'], ['2000000002', 'secondary'], ['263902037430900', 'secondary']]);
  });

  it('profile defaults to hop-v1 and users to none', () => {
    const path = writeWorld({ pages: [{ id: '1', name: 'P', apps: [] }] });
    expect(loadWorld(path)).toEqual({ profile: 'hop-v1', pages: [{ id: '1', name: 'P', apps: [], users: [] }] });
  });

  it('without a path: the built-in default world', () => {
    expect(loadWorld()).toEqual(parseWorld(DEFAULT_WORLD));
  });
});

describe('bad worlds: one line per bad field, naming the file', () => {
  const cases: [string, (w: Json) => void, string][] = [
    ['an app id that is not numeric', (w) => { w.pages[0]!.apps[0].id = 'abc'; }, 'pages[0].apps[0].id: must be a numeric id in a string, as Meta writes them'],
    ['an app id given as a number', (w) => { w.pages[0]!.apps[0].id = 2000000001; }, 'pages[0].apps[0].id: Invalid input: expected string, received number'],
    ['a missing page name', (w) => { delete w.pages[0]!.name; }, 'pages[0].name: Invalid input: expected string, received undefined'],
    ['an unknown role', (w) => { w.pages[0]!.apps[1].role = 'tertiary'; }, 'pages[0].apps[1].role: Invalid option: expected one of "primary"|"secondary"'],
    ['a webhook url that is not http(s)', (w) => { w.pages[0]!.apps[0].webhook.url = 'ftp://example.com/hook'; }, 'pages[0].apps[0].webhook.url: must be an http:// or https:// URL'],
    ['an unknown webhook field', (w) => { w.pages[0]!.apps[0].webhook.fields = ['messages', 'feed']; }, 'pages[0].apps[0].webhook.fields[1]: Invalid option: expected one of "messages"|"messaging_postbacks"|"messaging_handovers"|"standby"|"message_echoes"|"messaging_referrals"|"message_reads"|"message_deliveries"'],
    ['no webhook field', (w) => { w.pages[0]!.apps[0].webhook.fields = []; }, 'pages[0].apps[0].webhook.fields: Too small: expected array to have >=1 items'],
    ['a webhook without appSecret', (w) => { delete w.pages[0]!.apps[0].appSecret; }, 'pages[0].apps[0].appSecret: an app with a webhook needs an appSecret to sign deliveries'],
    ['two primaries', (w) => { w.pages[0]!.apps[1].role = 'primary'; }, 'pages[0].apps: only one app may be primary, found 2000000001, 2000000002'],
    ['an app listed twice', (w) => { w.pages[0]!.apps[1].id = '2000000001'; }, 'pages[0].apps[1].id: app 2000000001 is listed twice'],
    ['a user listed twice', (w) => { w.pages[0]!.users.push({ psid: '3000000001', name: 'Again' }); }, 'pages[0].users[1].psid: psid 3000000001 is listed twice'],
    ['a page listed twice', (w) => { w.pages.push({ id: '1000000001', name: 'Again', apps: [] }); }, 'pages[1].id: page 1000000001 is listed twice'],
    ['a token used twice', (w) => { w.pages[0]!.apps[1].accessToken = 'tok-primary'; }, 'pages[0].apps[1].accessToken: token is already used by pages[0].apps[0]'],
    ['a Page Inbox with a token', (w) => { w.pages[0]!.apps[2].accessToken = 'tok-inbox'; }, 'pages[0].apps[2]: the Page Inbox is played by the fake: it takes no accessToken, appSecret or webhook'],
    ['an unknown key', (w) => { w.pages[0]!.apps[0].colour = 'red'; }, 'pages[0].apps[0]: Unrecognized key: "colour"'],
    ['an unknown profile', (w) => { w.profile = 'hop-v9'; }, 'profile: Invalid option: expected one of "hop-v1"|"hop-v2"|"conversation-routing"'],
    ['no page', (w) => { w.pages = []; }, 'pages: Too small: expected array to have >=1 items'],
    ['a user name that is a number', (w) => { w.pages[0]!.users[0].name = 5; }, 'pages[0].users[0].name: Invalid input: expected string, received number'],
  ];
  it.each(cases)('%s', (_name, spoil, line) => {
    const world = issueWorld();
    spoil(world);
    const path = writeWorld(world);
    expect(loadError(path)).toBe(`world file ${path} is not a valid world:\n  ${line}`);
  });

  it('several bad fields: one line each', () => {
    const world = issueWorld();
    world.pages[0]!.apps[0].id = 'abc';
    world.pages[0]!.users[0].psid = 'ann';
    const path = writeWorld(world);
    expect(loadError(path)).toBe([
      `world file ${path} is not a valid world:`,
      '  pages[0].apps[0].id: must be a numeric id in a string, as Meta writes them',
      '  pages[0].users[0].psid: must be a numeric id in a string, as Meta writes them',
    ].join('\n'));
  });

  it('a JSON array at the top', () => {
    const path = writeWorld([]);
    expect(loadError(path)).toBe(`world file ${path} is not a valid world:\n  (root): Invalid input: expected object, received array`);
  });

  it('not JSON', () => {
    const path = writeWorld('{ "pages": [ ');
    expect(loadError(path)).toMatch(new RegExp(`^world file ${path}: not valid JSON \\(.+\\)$`));
  });

  it('a missing file', () => {
    const path = join(dir, 'nope.json');
    expect(loadError(path)).toBe(`world file ${path}: cannot be read (ENOENT)`);
  });

  it('no message carries a stack trace', () => {
    const path = writeWorld({ pages: 'x' });
    const message = loadError(path);
    expect(message).toBe(`world file ${path} is not a valid world:\n  pages: Invalid input: expected array, received string`);
    expect(message).not.toMatch(/\n\s+at /);
  });
});
