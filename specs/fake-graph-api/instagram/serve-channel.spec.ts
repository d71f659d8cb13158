import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner, outputMatching } from '../../support/cli-process.js';

/** `handover-sim serve --channel …` as a user runs it (issue 23 part 1): a child process. */
const dir = mkdtempSync(join(tmpdir(), 'handover-sim-ig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** The `handover-sim` bin shim itself: one process, so SIGINT reaches it. */
const run = cliRunner();
const cli = (args: string[]) => run(args, 'bin');
const waitFor = outputMatching;

describe('handover-sim serve --channel', () => {
  it('instagram: the built-in world with Acme Shoes\' Instagram account, listed at start and by /__admin/pages', async () => {
    const run = cli(['serve', '--channel', 'instagram', '--port', '0']);
    const url = (await waitFor(run, /listening on (http:\/\/\S+)/))[1]!;
    await waitFor(run, /Press Ctrl-C/);
    expect(run.out()).toContain('    instagram 1784140000000001 @acme.shoes (conversation-routing, default app 2000000001): apps 2000000001, 2000000002; users 7000000001, 7000000002, 7000000003\n');
    const pages = (await (await fetch(`${url}/__admin/pages`)).json()) as { pages: { id: string; instagram?: { id: string; apps: { name: string }[] } }[] };
    expect(pages.pages.map((p) => [p.id, p.instagram?.id, p.instagram?.apps.map((a) => a.name)])).toEqual([
      ['1000000001', '1784140000000001', ['ManyChat', 'LiveDesk', 'Instagram Inbox']],
    ]);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('a world file without an Instagram account under --channel instagram: exit status 2, the reason in one line', async () => {
    const path = join(dir, 'messenger-only.json');
    writeFileSync(path, JSON.stringify({ pages: [{ id: '1', name: 'P', apps: [] }] }));
    const run = cli(['serve', '--world', path, '--channel', 'instagram', '--port', '0']);
    expect(await run.exited).toBe(2);
    expect(run.err()).toBe(`handover-sim: --channel instagram: world file ${path} has no Instagram account (give a page "instagram": {"id","username","apps","users"}; docs/instagram.md)\n`);
  });

  it('an unknown channel is refused by the option itself', async () => {
    const run = cli(['serve', '--channel', 'whatsapp', '--port', '0']);
    expect(await run.exited).not.toBe(0);
    expect(run.err()).toContain("option '--channel <name>' argument 'whatsapp' is invalid. must be one of messenger, instagram, all");
  });
});
