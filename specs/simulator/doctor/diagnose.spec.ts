import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose, loadWorld, type DoctorReport, type FindingId, type WorkflowId, type WorkflowStatus } from 'handover-sim';

/** diagnose() on every example world: the finding in the page owner's words, its evidence and fix, each workflow's verdict. */
const WORLDS = join(import.meta.dirname, '../../../examples/worlds');
const run = async (name: string): Promise<DoctorReport> => diagnose(loadWorld(join(WORLDS, `${name}.json`)));

const HOP_SETTINGS = 'Facebook Page → Settings → Advanced Messaging → Handover Protocol → Configure';
const CR_SETTINGS = 'Page Settings → Advanced Messaging → Conversation Routing';
const ALL_WORK: [WorkflowId, WorkflowStatus][] = [
  ['automation-answers', 'works'], ['broadcast', 'works'], ['sequence', 'works'], ['open-conversation', 'works'],
  ['agent-replies-done', 'works'], ['user-writes-again', 'works'], ['reopen', 'works'], ['take-back', 'works'],
];
const FBTRACE = expect.stringMatching(/^[A-Za-z0-9_-]{11}$/);
const errorBody = (message: string, code: number, subcode: number) => ({ error: { message, type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: FBTRACE } });
const SEND_REFUSED = '(#10) Message failed to send because another app is controlling this thread now.';

function statuses(report: DoctorReport): [WorkflowId, WorkflowStatus][] {
  return report.pages[0]!.workflows.map((w) => [w.id, w.status]);
}
const findingIds = (report: DoctorReport): FindingId[] => report.pages[0]!.findings.map((f) => f.id);

describe('diagnose() on the example worlds', () => {
  it.each(['manychat-compliant', 'cr-compliant'])('%s: every workflow works, no finding', async (name) => {
    const report = await run(name);
    expect(report.ok).toBe(true);
    expect(findingIds(report)).toEqual([]);
    expect(statuses(report)).toEqual(ALL_WORK);
    expect(report.pages[0]!.workflows.map((w) => w.summary)).toEqual([
      'ManyChat answered 3 of 3 message(s)',
      '3 of 3 broadcast sends went out',
      '3 of 3 sequence messages went out',
      'ManyChat passed the conversation to the Page Inbox',
      'the agent could reply and mark it Done',
      'ManyChat answered 1 of 1 message(s)',
      'the agent could reopen it and reply',
      'ManyChat took the conversation back',
    ]);
  });

  it('manychat-secondary: ManyChat is secondary, so 3 of 3 broadcast sends were refused with 2018300, shown by the refused sends', async () => {
    const report = await run('manychat-secondary');
    expect(report.ok).toBe(false);
    const [finding, ...others] = report.pages[0]!.findings;
    expect(others).toEqual([]);
    expect(finding!.id).toBe('automation-not-in-control');
    expect(finding!.title).toBe('ManyChat is a Secondary Receiver, so 3 of 3 broadcast sends were refused with (#10) 2018300');
    expect(finding!.detail).toBe(
      'LiveDesk is the Primary Receiver: it gets control of every new conversation, and ManyChat hears the users only on standby. ' +
      'ManyChat answered 0 of 3 message(s), and 3 of 3 broadcast sends and 3 of 3 sequence messages were refused with ' +
      `"${SEND_REFUSED}" ManyChat's help page warns of this: "If you set ManyChat as Secondary Receiver, sequences and broadcast may not launch at all."`,
    );
    expect(finding!.fix).toBe(`Set ManyChat as the Primary Receiver and every other app, the Page Inbox included, as a Secondary Receiver: ${HOP_SETTINGS}. Then Refresh Permissions in ManyChat (the Help button).`);
    const [wrote, ...sends] = finding!.evidence;
    expect(wrote).toMatchObject({ by: { kind: 'user', name: 'Ann' }, method: 'POST', path: '/__admin/pages/1000000001/users/3000000001/messages', body: { text: 'hi' }, ownerAfter: 'LiveDesk' });
    expect(wrote!.heard.filter((h) => h.kind === 'message').map((h) => `${h.app} ${h.channel}`)).toEqual(['ManyChat standby', 'LiveDesk messaging', 'Page Inbox standby']);
    expect(sends).toHaveLength(3);
    for (const [i, send] of sends.entries()) {
      expect(send).toMatchObject({
        by: { kind: 'app', id: '2000000001', name: 'ManyChat' },
        method: 'POST',
        path: '/v19.0/me/messages',
        body: { recipient: { id: `300000000${i + 1}` }, messaging_type: 'RESPONSE', message: { text: 'Our spring sale starts today!' } },
        status: 400,
        answer: errorBody(SEND_REFUSED, 10, 2018300),
        ownerAfter: 'LiveDesk',
      });
    }
    expect(statuses(report)).toEqual([
      ['automation-answers', 'breaks'], ['broadcast', 'breaks'], ['sequence', 'breaks'], ['open-conversation', 'breaks'],
      ['agent-replies-done', 'not reached'], ['user-writes-again', 'breaks'], ['reopen', 'breaks'], ['take-back', 'not reached'],
    ]);
    expect(finding!.workflows).toEqual(statuses(report).map(([id]) => id));
    expect(report.pages[0]!.workflows[0]!.summary).toBe('ManyChat answered 0 of 3 message(s): it heard the message on standby (LiveDesk had the conversation) and stayed silent');
  });

  it('no-secondary-receiver: handover is inactive, so Open Conversation cannot pass (2018901), and every app heard the user on messaging', async () => {
    const report = await run('no-secondary-receiver');
    const [finding, ...others] = report.pages[0]!.findings;
    expect(others).toEqual([]);
    expect(finding!.id).toBe('handover-inactive');
    expect(finding!.title).toBe('No Secondary Receiver, so the Handover Protocol is inactive and Open Conversation cannot pass the conversation to the Page Inbox');
    const inactive = '(#10) The Handover Protocol is not active on this page: it needs one Primary Receiver and at least one Secondary Receiver.';
    expect(finding!.detail).toBe(
      'ManyChat is the Primary Receiver but no app is a Secondary Receiver, so Meta never activates the Handover Protocol: conversations have no owner, ' +
      'every app gets every message on messaging (ManyChat, LiveDesk and Page Inbox heard "hi"), and ManyChat\'s pass_thread_control to the Page Inbox ' +
      `was refused with (#10) 2018901: "${inactive}"`,
    );
    expect(finding!.fix).toBe(`Give the Page Inbox the Secondary Receiver role, and any other app that chats with your users: ${HOP_SETTINGS}. The Handover Protocol needs one Primary Receiver and at least one Secondary Receiver.`);
    const [wrote, pass] = finding!.evidence;
    expect(wrote!.ownerAfter).toBe('none');
    expect(pass).toMatchObject({ op: 'pass_thread_control', body: { recipient: { id: '3000000001' }, target_app_id: '263902037430900', metadata: 'Open Conversation' }, status: 400, answer: errorBody(inactive, 10, 2018901) });
    expect(finding!.workflows).toEqual(['open-conversation', 'agent-replies-done', 'reopen', 'take-back']);
  });

  it('page-inbox-not-receiver: the pass to the Page Inbox is refused with 2018903', async () => {
    const report = await run('page-inbox-not-receiver');
    const [finding, ...others] = report.pages[0]!.findings;
    expect(others).toEqual([]);
    expect(finding!.id).toBe('page-inbox-not-receiver');
    expect(finding!.title).toBe('The Page Inbox is not a Secondary Receiver, so Open Conversation cannot pass the conversation to it');
    const noRole = '(#100) target_app_id must be the Primary Receiver or a Secondary Receiver of this page.';
    expect(finding!.detail).toBe(`When the user asked for a human, ManyChat's pass_thread_control to the Page Inbox was refused with (#100) 2018903: "${noRole}" The user stayed with the bot and no agent saw the conversation.`);
    expect(finding!.fix).toBe(`Give the Page Inbox the Secondary Receiver role: ${HOP_SETTINGS}. Or, to answer inside ManyChat instead, choose ManyChat as the LiveChat app in ManyChat → Settings → Handover.`);
    expect(finding!.evidence).toHaveLength(1);
    expect(finding!.evidence[0]).toMatchObject({ op: 'pass_thread_control', status: 400, answer: errorBody(noRole, 100, 2018903), ownerAfter: 'ManyChat' });
    expect(report.pages[0]!.workflows.find((w) => w.id === 'reopen')!.summary).toBe("the Page Inbox's Move to Inbox (reopen) was refused with (#10) 2018171");
  });

  it('cr-no-default-app: every app hears every message, and ManyChat does not take the conversation back', async () => {
    const report = await run('cr-no-default-app');
    const [finding, ...others] = report.pages[0]!.findings;
    expect(others).toEqual([]);
    expect(finding!.id).toBe('no-default-app');
    expect(finding!.title).toBe('No default app, so every app hears every message');
    expect(finding!.detail).toBe(
      'Under Conversation Routing without a default app (zero-config), every connected app gets each message of an idle conversation on messaging: ' +
      'ManyChat, LiveDesk and Page Inbox all heard "hi" on messaging, and each may answer it. ManyChat is not told when another app picks a ' +
      'conversation up or puts it down, so it cannot hand conversations over reliably: it did not take the conversation back when the user asked for the bot.',
    );
    expect(finding!.fix).toBe(`Make ManyChat the page's default app and turn on "Allow this app to take control of conversations" for it: ${CR_SETTINGS}.`);
    expect(finding!.evidence.map((r) => r.heard.filter((h) => h.kind === 'message').map((h) => `${h.app} ${h.channel}`))).toEqual([['ManyChat messaging', 'LiveDesk messaging', 'Page Inbox messaging']]);
    expect(finding!.workflows).toEqual(['take-back']);
    expect(report.pages[0]!.workflows.find((w) => w.id === 'take-back')!.summary).toBe('ManyChat heard the user on standby and did not take the conversation back (Page Inbox has it)');
  });

  it('cr-no-take-permission: ManyChat\'s take is refused with 2018927', async () => {
    const report = await run('cr-no-take-permission');
    const [finding, ...others] = report.pages[0]!.findings;
    expect(others).toEqual([]);
    expect(finding!.id).toBe('automation-cannot-take');
    expect(finding!.title).toBe('ManyChat lacks the take permission, so it cannot take a conversation back from the Page Inbox');
    const notAllowed = '(#10) This app is not allowed to take control of conversations on this page (Page Settings: Allow this app to take control).';
    expect(finding!.detail).toBe(`When the user asked for the bot while the Page Inbox had the conversation, ManyChat's take_thread_control was refused with (#10) 2018927: "${notAllowed}"`);
    expect(finding!.fix).toBe(`Turn on "Allow this app to take control of conversations" for ManyChat: ${CR_SETTINGS}.`);
    expect(finding!.evidence).toMatchObject([{ op: 'take_thread_control', path: '/v19.0/me/take_thread_control', status: 400, answer: errorBody(notAllowed, 10, 2018927), ownerAfter: 'Page Inbox' }]);
    expect(statuses(report)).toEqual([...ALL_WORK.slice(0, 7), ['take-back', 'breaks']]);
  });
});
