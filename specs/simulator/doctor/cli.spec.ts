import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { loadWorld, startServer } from 'handover-sim';

/** `handover-sim doctor` as a user runs it: the real command line in its own process. */
const ROOT = join(import.meta.dirname, '../../..');
const WORLD = (name: string) => `examples/worlds/${name}.json`;

function doctor(context: TestContext, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/handover-sim.js'), 'doctor', ...args], { cwd: ROOT });
  context.onTestFinished(() => void child.kill());
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe.concurrent('handover-sim doctor (the CLI)', { timeout: 60_000 }, () => {
  it.for<[string, number, string]>([
    ['manychat-secondary', 1, '✗ ManyChat is a Secondary Receiver, so 3 of 3 broadcast sends were refused with (#10) 2018300'],
    ['no-secondary-receiver', 1, '✗ No Secondary Receiver, so the Handover Protocol is inactive and Open Conversation cannot pass the conversation to the Page Inbox'],
    ['page-inbox-not-receiver', 1, '✗ The Page Inbox is not a Secondary Receiver, so Open Conversation cannot pass the conversation to it'],
    ['cr-no-default-app', 1, '✗ No default app, so every app hears every message'],
    ['cr-no-take-permission', 1, '✗ ManyChat lacks the take permission, so it cannot take a conversation back from the Page Inbox'],
  ])('--world %s: names the finding and exits %i', async ([name, status, title], context) => {
    const { code, stdout } = await doctor(context, ['--world', WORLD(name)]);
    expect(code).toBe(status);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`handover-sim doctor: ${WORLD(name)}`);
    expect(lines.filter((l) => l.startsWith('✗ '))).toEqual([title]);
    expect(lines.at(-2)).toBe('1 finding(s) on 1 of 1 page(s): the setup breaks');
  });

  it('--world manychat-secondary prints the evidence: the user heard on standby, each refused send with Meta\'s answer, and the fix', async (context) => {
    const { stdout } = await doctor(context, ['--world', WORLD('manychat-secondary')]);
    const lines = stdout.split('\n');
    const evidence = lines.indexOf('  evidence:');
    expect(lines.slice(evidence + 1, evidence + 4)).toEqual([
      '      1.0s  Ann: POST /__admin/pages/1000000001/users/3000000001/messages {"text":"hi"}',
      '            → 200, heard by ManyChat (standby), LiveDesk (messaging), Page Inbox (standby); owner after: LiveDesk',
      '      4.0s  ManyChat: POST /v19.0/me/messages {"recipient":{"id":"3000000001"},"messaging_type":"RESPONSE","message":{"text":"Our spring sale starts today!"}}',
    ]);
    expect(lines[evidence + 4]).toMatch(/^ {12}→ 400 \{"error":\{"message":"\(#10\) Message failed to send because another app is controlling this thread now\.","type":"OAuthException","code":10,"error_subcode":2018300,"fbtrace_id":"[\w-]{11}"\}\}; owner after: LiveDesk$/);
    expect(lines).toContain('  fix: Set ManyChat as the Primary Receiver and every other app, the Page Inbox included, as a Secondary');
    expect(lines).toContain('  ✗ A broadcast goes out to every subscriber: 3 of 3 broadcast sends were refused with (#10) 2018300');
    expect(lines).toContain('  – The agent replies from the Page Inbox and marks the conversation Done: not reached: "Open Conversation passes the conversation to the Page Inbox" did not work');
  });

  it.for(['manychat-compliant', 'cr-compliant'])('--world %s: every workflow works, exit 0', async (name, context) => {
    const { code, stdout } = await doctor(context, ['--world', WORLD(name)]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('  ✓ '))).toHaveLength(8);
    expect(lines.at(-2)).toBe('every workflow works on 1 page(s): the setup is sound');
  });

  it('--json: the report itself, with the source and the exact error bodies', async (context) => {
    const { code, stdout } = await doctor(context, ['--world', WORLD('cr-no-take-permission'), '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { source: string; notes: string[]; ok: boolean; pages: { protocol: string; findings: { id: string; evidence: { answer: unknown }[] }[] }[] };
    expect(report.source).toBe(WORLD('cr-no-take-permission'));
    expect(report.notes).toEqual([]);
    expect(report.ok).toBe(false);
    expect(report.pages[0]!.protocol).toBe('conversation-routing');
    expect(report.pages[0]!.findings.map((f) => f.id)).toEqual(['automation-cannot-take']);
    expect(report.pages[0]!.findings[0]!.evidence[0]!.answer).toEqual({
      error: {
        message: '(#10) This app is not allowed to take control of conversations on this page (Page Settings: Allow this app to take control).',
        type: 'OAuthException', code: 10, error_subcode: 2018927, fbtrace_id: expect.stringMatching(/^[\w-]{11}$/),
      },
    });
  });

  it('--url: reads a running fake\'s pages, finds the same as from its world file, and leaves the fake as it was', async (context) => {
    const server = await startServer(loadWorld(join(ROOT, WORLD('manychat-secondary'))));
    context.onTestFinished(() => server.close());
    const { code, stdout } = await doctor(context, ['--url', server.url]);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `handover-sim doctor: ${server.url}`,
      `  note: read the pages of the running fake at ${server.url} (GET /__admin/pages); the doctor plays a copy, the fake is not changed`,
      '  note: the running fake does not say which webhook fields its apps subscribed to: every app is taken to hear every field',
      '  note: page 1000000001: the running fake does not say its protocol; read as hop-v1 (pass --protocol to choose)',
    ]);
    expect(lines.filter((l) => l.startsWith('✗ '))).toEqual(['✗ ManyChat is a Secondary Receiver, so 3 of 3 broadcast sends were refused with (#10) 2018300']);
    expect(server.platform.events()).toEqual([]);
  });

  it('--url of a Conversation Routing page: the running fake does not say its default app, so the doctor asks for the world file (exit 2)', async (context) => {
    const server = await startServer(loadWorld(join(ROOT, WORLD('manychat-compliant'))));
    context.onTestFinished(() => server.close());
    const { code, stderr } = await doctor(context, ['--url', server.url, '--protocol', 'conversation-routing']);
    expect(code).toBe(2);
    expect(stderr).toBe("handover-sim doctor: page 1000000001 runs conversation-routing, but the running fake's /__admin/pages does not say its default app and take permissions: diagnose the world file it was started with (doctor --world FILE)\n");
  });

  it.for<[string[], string]>([
    [['--world', WORLD('manychat-compliant'), '--url', 'http://127.0.0.1:9'], 'handover-sim doctor: give --world or --url, not both\n'],
    [['--world', WORLD('manychat-compliant'), '--automation', '42'], 'handover-sim doctor: page 1000000001 has no app 42 (its apps: 2000000001 ManyChat, 2000000002 LiveDesk, 263902037430900 Page Inbox)\n'],
    [['--world', 'examples/worlds/none.json'], 'handover-sim: world file examples/worlds/none.json: cannot be read (ENOENT)\n'],
  ])('%j: cannot run, says why, exits 2', async ([args, message], context) => {
    const { code, stdout, stderr } = await doctor(context, args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(message);
  });
});
