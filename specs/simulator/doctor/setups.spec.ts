import { describe, expect, it } from 'vitest';
import { diagnose, type WorldInput } from 'handover-sim';
import { LIVEDESK, MANYCHAT, manychatCast, PAGE_INBOX } from '../../../simulator/scenario.js';

/** diagnose() on setups beside the example worlds: other generations, other casts, what the doctor leaves alone. */
describe('diagnose() on other setups', () => {
  it('HOP v1 with no role at all: no Primary Receiver, handover inactive (the pass of an app without a role is refused with 2018171)', async () => {
    const report = await diagnose(manychatCast({ roles: { primary: null, secondary: [] } }));
    const [finding, ...others] = report.pages[0]!.findings;
    expect(others).toEqual([]);
    expect(finding!.id).toBe('handover-inactive');
    expect(finding!.title).toBe('No Primary Receiver, so the Handover Protocol is inactive and Open Conversation cannot pass the conversation to the Page Inbox');
    expect(finding!.fix).toBe('Set ManyChat as the Primary Receiver and the Page Inbox (and any other app that chats with your users) as a Secondary Receiver: Facebook Page → Settings → Advanced Messaging → Handover Protocol → Configure.');
    expect(finding!.evidence.map((r) => r.error?.subcode ?? null)).toEqual([null, 2018171]);
  });

  it('HOP v2 needs no secondary receiver: ManyChat primary alone is sound', async () => {
    const report = await diagnose(manychatCast({ profile: 'hop-v2', roles: { primary: MANYCHAT, secondary: [] } }));
    expect(report.ok).toBe(true);
  });

  it('HOP v2 without a primary: every app hears every message, and Done has no app to return the conversation to', async () => {
    const report = await diagnose(manychatCast({ profile: 'hop-v2', roles: { primary: null, secondary: [] } }));
    expect(report.pages[0]!.findings.map((f) => [f.id, f.title])).toEqual([['no-default-app', 'No Primary Receiver, so every app hears every message']]);
    expect(report.pages[0]!.workflows.find((w) => w.id === 'agent-replies-done')!.summary).toBe("the Page Inbox's Done was refused with (#100)");
  });

  it('Conversation Routing with another app as the default app: the same finding as ManyChat secondary, in Conversation Routing\'s words', async () => {
    const report = await diagnose(manychatCast({ profile: 'conversation-routing', defaultApp: LIVEDESK }));
    const [finding] = report.pages[0]!.findings;
    expect(finding!.title).toBe("LiveDesk is the page's default app, not ManyChat, so 3 of 3 broadcast sends were refused with (#10) 2018300");
    expect(finding!.detail).toBe(
      "LiveDesk is the page's default app: it gets every new conversation, and ManyChat hears the users only on standby. ManyChat answered 0 of 3 message(s), " +
      'and 3 of 3 broadcast sends and 3 of 3 sequence messages were refused with "(#10) Message failed to send because another app is controlling this thread now."',
    );
  });

  it('Conversation Routing: the Page Inbox without the take permission still reopens (Meta\'s inbox takes as a human acts)', async () => {
    expect((await diagnose(manychatCast({ profile: 'conversation-routing', takeControl: [MANYCHAT, LIVEDESK] }))).ok).toBe(true);
  });

  it('a page that lists no Page Inbox and no users: the doctor adds them to its copy and says so', async () => {
    const world = manychatCast({ roles: { primary: MANYCHAT, secondary: [LIVEDESK] }, pageInbox: false, users: [] });
    const before = JSON.stringify(world);
    const report = await diagnose(world);
    expect(JSON.stringify(world)).toBe(before);
    expect(report.pages[0]!.notes).toEqual([
      'the page has no users: the doctor wrote as 3 stand-in users',
      'the world does not list the Page Inbox: the doctor played it as every Facebook Page has it, installed with no role',
    ]);
    expect(report.pages[0]!.findings.map((f) => f.id)).toEqual(['page-inbox-not-receiver']);
    // Installed with no role, as the notes say: the pass names a receiver the page does not have.
    expect(report.pages[0]!.findings[0]!.evidence[0]!.error?.subcode).toBe(2018903);
  });

  it('names the automation app by id, and refuses one the page does not have', async () => {
    const world: WorldInput = manychatCast();
    const asLiveDesk = await diagnose(world, { automation: LIVEDESK });
    expect(asLiveDesk.pages[0]!.automation).toEqual({ id: LIVEDESK, name: 'LiveDesk' });
    expect(asLiveDesk.pages[0]!.findings[0]!.title).toBe('LiveDesk is a Secondary Receiver, so 3 of 3 broadcast sends were refused with (#10) 2018300');
    await expect(diagnose(world, { automation: '42' })).rejects.toThrow('page 1000000001 has no app 42 (its apps: 2000000001 ManyChat, 2000000002 LiveDesk, 263902037430900 Page Inbox)');
  });

  it('the same seed gives the same report, byte for byte', async () => {
    const world = manychatCast({ roles: { primary: LIVEDESK, secondary: [MANYCHAT, PAGE_INBOX] } });
    expect(JSON.stringify(await diagnose(world, { seed: 7 }))).toBe(JSON.stringify(await diagnose(world, { seed: 7 })));
  });
});
