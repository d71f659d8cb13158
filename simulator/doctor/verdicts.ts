import type { CallRecord } from './recorder.js';
import { WORKFLOWS, type Cast, type ScriptStep, type WorkflowId } from './workflows.js';

/**
 * Whether each workflow worked, read off the evidence only: the calls made during its steps and Meta's
 * answers. A workflow that needs an earlier one (the agent cannot mark Done a conversation the Page Inbox never
 * got) is "not reached" when that one broke.
 */
export type WorkflowStatus = 'works' | 'breaks' | 'not reached';

export interface WorkflowResult {
  id: WorkflowId;
  title: string;
  status: WorkflowStatus;
  /** What happened, in a sentence. */
  summary: string;
  /** The calls of the workflow's steps, in order. */
  evidence: CallRecord[];
}

const PAGE_INBOX = 'Page Inbox';

/** What a workflow needs to have worked before it can be tried. */
const NEEDS: Partial<Record<WorkflowId, WorkflowId>> = { 'agent-replies-done': 'open-conversation', 'take-back': 'reopen' };

export function judgeWorkflows(cast: Cast, script: ScriptStep[], records: CallRecord[]): WorkflowResult[] {
  const results: WorkflowResult[] = [];
  for (const { id, title } of WORKFLOWS) {
    const steps = new Set(script.flatMap((s, i) => (s.workflow === id ? [i] : [])));
    const evidence = records.filter((r) => steps.has(r.step));
    const needed = NEEDS[id];
    const before = needed === undefined ? undefined : results.find((r) => r.id === needed);
    if (before !== undefined && before.status !== 'works') {
      results.push({ id, title, status: 'not reached', summary: `not reached: "${before.title}" did not work`, evidence });
      continue;
    }
    const { works, summary } = JUDGES[id](cast, evidence);
    results.push({ id, title, status: works ? 'works' : 'breaks', summary, evidence });
  }
  return results;
}

type Judge = (cast: Cast, evidence: CallRecord[]) => { works: boolean; summary: string };

const byAutomation = (cast: Cast, evidence: CallRecord[], op: string) => evidence.filter((r) => r.by.kind === 'app' && r.by.id === cast.automation.id && r.op === op);
/** How the automation heard the user's message of this record (its channel), if it did. */
const heardByAutomation = (cast: Cast, r: CallRecord | undefined) => r?.heard.find((h) => h.appId === cast.automation.id && h.kind === 'message');
const refusal = (r: CallRecord) => (r.error === null ? '' : `(#${r.error.code})${r.error.subcode === null ? '' : ` ${r.error.subcode}`}`);

/** Every user's message got an answer from the automation that Meta accepted. */
function automationAnswers(cast: Cast, evidence: CallRecord[]): { works: boolean; summary: string } {
  const wrote = evidence.filter((r) => r.op === 'user_writes');
  const answered = wrote.filter((w) => evidence.some((r) => r.step === w.step && r.by.id === cast.automation.id && r.op === 'send' && r.psid === w.psid && r.error === null));
  const auto = cast.automation.name;
  const summary = `${auto} answered ${answered.length} of ${wrote.length} message(s)`;
  if (answered.length === wrote.length) return { works: true, summary };
  const missed = wrote.find((w) => !answered.includes(w))!;
  const refused = byAutomation(cast, evidence, 'send').find((r) => r.step === missed.step && r.error !== null);
  const heard = heardByAutomation(cast, missed);
  const why = refused ? `its reply was refused with ${refusal(refused)}`
    : heard === undefined ? `it was not sent the message (not subscribed to messages)`
      : heard.channel === 'standby' ? `it heard the message on standby (${missed.ownerAfter} had the conversation) and stayed silent`
        : 'it did not answer';
  return { works: false, summary: `${summary}: ${why}` };
}

function sends(label: string): Judge {
  return (cast, evidence) => {
    const all = byAutomation(cast, evidence, 'send');
    const refused = all.filter((r) => r.error !== null);
    if (refused.length === 0) return { works: all.length > 0, summary: `${all.length} of ${all.length} ${label} went out` };
    return { works: false, summary: `${refused.length} of ${all.length} ${label} were refused with ${refusal(refused[0]!)}` };
  };
}

const openConversation: Judge = (cast, evidence) => {
  const pass = byAutomation(cast, evidence, 'pass_thread_control')[0];
  const auto = cast.automation.name;
  if (pass === undefined) {
    const wrote = evidence.find((r) => r.op === 'user_writes');
    const heard = heardByAutomation(cast, wrote);
    return { works: false, summary: `${auto} never passed the conversation${heard?.channel === 'standby' ? `: it heard the user on standby (${wrote!.ownerAfter} had the conversation)` : ''}` };
  }
  if (pass.error !== null) return { works: false, summary: `${auto}'s pass_thread_control to the Page Inbox was refused with ${refusal(pass)}` };
  return pass.ownerAfter === PAGE_INBOX
    ? { works: true, summary: `${auto} passed the conversation to the Page Inbox` }
    : { works: false, summary: `${auto}'s pass was accepted but ${pass.ownerAfter} has the conversation` };
};

/** The human's actions in the Page Inbox: each was made and accepted (the inbox does nothing to a conversation it does not have). */
function inboxActions(ops: string[], after: (last: CallRecord) => string | null): Judge {
  return (_cast, evidence) => {
    const done = evidence.filter((r) => r.by.kind === 'inbox');
    const missing = ops.filter((op) => !done.some((r) => r.op === op));
    const refused = done.find((r) => r.error !== null);
    if (refused) return { works: false, summary: `the Page Inbox's ${INBOX_BUTTON[refused.op] ?? refused.op} was refused with ${refusal(refused)}` };
    if (missing.length > 0) return { works: false, summary: `the Page Inbox does not have the conversation: the agent could not ${missing.map(describeOp).join(' nor ')}` };
    const problem = after(done[done.length - 1]!);
    return problem === null ? { works: true, summary: `the agent could ${ops.map(describeOp).join(' and ')}` } : { works: false, summary: problem };
  };
}

/** The human's buttons in the Page Inbox, as the page's owner calls them. */
const INBOX_BUTTON: Record<string, string> = { inbox_reply: 'reply', inbox_done: 'Done', inbox_move_to_inbox: 'Move to Inbox (reopen)' };

function describeOp(op: string): string {
  return op === 'inbox_reply' ? 'reply' : op === 'inbox_done' ? 'mark it Done' : 'reopen it';
}

const takeBack: Judge = (cast, evidence) => {
  const take = byAutomation(cast, evidence, 'take_thread_control')[0];
  const auto = cast.automation.name;
  if (take === undefined) {
    const wrote = evidence.find((r) => r.op === 'user_writes');
    const heard = heardByAutomation(cast, wrote);
    const where = heard === undefined ? 'did not hear the user' : `heard the user on ${heard.channel}`;
    return { works: false, summary: `${auto} ${where} and did not take the conversation back (${wrote?.ownerAfter ?? 'none'} has it)` };
  }
  if (take.error !== null) return { works: false, summary: `${auto}'s take_thread_control was refused with ${refusal(take)}` };
  return { works: true, summary: `${auto} took the conversation back` };
};

const JUDGES: Record<WorkflowId, Judge> = {
  'automation-answers': automationAnswers,
  broadcast: sends('broadcast sends'),
  sequence: sends('sequence messages'),
  'open-conversation': openConversation,
  'agent-replies-done': inboxActions(['inbox_reply', 'inbox_done'], (last) => (last.ownerAfter === PAGE_INBOX ? 'Done was accepted but the Page Inbox still has the conversation' : null)),
  'user-writes-again': automationAnswers,
  reopen: inboxActions(['inbox_move_to_inbox', 'inbox_reply'], (last) => (last.ownerAfter === PAGE_INBOX ? null : `the agent's reply was accepted but ${last.ownerAfter} has the conversation`)),
  'take-back': takeBack,
};
