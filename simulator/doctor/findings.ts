import { GRAPH_ERRORS, type GraphErrorKey } from '../../fake-graph-api/graph-errors.js';
import type { CallRecord } from './recorder.js';
import type { WorkflowResult } from './verdicts.js';
import { WORKFLOWS, type Cast, type WorkflowId } from './workflows.js';
import { SETUP_WORDS, type PageSetup } from './words.js';

/**
 * Why the workflows broke, in the words of the page's owner: each finding names the setting at fault, shows
 * the calls and Meta's answers that prove it, and says what to change. A finding is read off the evidence (a
 * refusal's error, who heard a message on which channel); the page's settings only name the apps in it.
 */
export type FindingId =
  | 'automation-not-in-control'
  | 'handover-inactive'
  | 'page-inbox-not-receiver'
  | 'no-default-app'
  | 'automation-cannot-take'
  | 'call-refused'
  | 'workflow-breaks';

export interface Finding {
  id: FindingId;
  title: string;
  detail: string;
  fix: string;
  /** The workflows this finding explains (broke, or were not reached, because of it). */
  workflows: WorkflowId[];
  /** The calls that show it, with Meta's answers. */
  evidence: CallRecord[];
}

/** The refusal an error answer is, by Meta's code and subcode in the one catalogue. */
export function refusalOf(record: CallRecord): GraphErrorKey | null {
  const error = record.error;
  if (error === null) return null;
  const key = (Object.keys(GRAPH_ERRORS) as GraphErrorKey[]).find((k) => GRAPH_ERRORS[k].code === error.code && (GRAPH_ERRORS[k].subcode ?? null) === error.subcode);
  return key ?? null;
}

const errorText = (r: CallRecord) => `(#${r.error!.code})${r.error!.subcode === null ? '' : ` ${r.error!.subcode}`}`;
const AFTER_OPEN: WorkflowId[] = ['open-conversation', 'agent-replies-done', 'reopen', 'take-back'];
const ALL: WorkflowId[] = WORKFLOWS.map((w) => w.id);

/** The findings of one page's run, the most fundamental first; every workflow that broke is explained by one. */
export function findingsOf(setup: PageSetup, cast: Cast, workflows: WorkflowResult[], records: CallRecord[]): Finding[] {
  const words = SETUP_WORDS[setup.protocol];
  const auto = cast.automation.name;
  const of = (id: WorkflowId) => workflows.find((w) => w.id === id)!;
  const findings: Finding[] = [];
  const byAuto = (r: CallRecord, op: string) => r.by.kind === 'app' && r.by.id === cast.automation.id && r.op === op;

  // The automation does not get the conversations: its broadcast is refused before any conversation was opened.
  const broadcast = of('broadcast').evidence.filter((r) => byAuto(r, 'send'));
  const notOwner = broadcast.filter((r) => refusalOf(r) === 'send_not_owner');
  if (notOwner.length > 0) {
    const sequence = of('sequence').evidence.filter((r) => byAuto(r, 'send'));
    const sequenceRefused = sequence.filter((r) => refusalOf(r) === 'send_not_owner').length;
    const owner = notOwner[0]!.ownerAfter;
    const answered = of('automation-answers').summary.split(':')[0];
    findings.push({
      id: 'automation-not-in-control',
      title: `${words.automationNotInControl(setup, auto, owner)}, so ${notOwner.length} of ${broadcast.length} broadcast sends were refused with ${errorText(notOwner[0]!)}`,
      detail: `${words.ownerGetsEverything(setup, owner, auto)}. ${answered}, and ${notOwner.length} of ${broadcast.length} broadcast sends and ${sequenceRefused} of ${sequence.length} sequence messages were refused with "${notOwner[0]!.error!.message}"${words.warning}`,
      fix: words.makeAutomationHome(auto),
      workflows: ALL,
      evidence: [...notOwner, ...of('automation-answers').evidence.filter((r) => r.op === 'user_writes').slice(0, 1)],
    });
  }

  const pass = of('open-conversation').evidence.find((r) => byAuto(r, 'pass_thread_control'));
  const passRefusal = pass === undefined ? null : refusalOf(pass);
  const firstWrite = of('automation-answers').evidence.find((r) => r.op === 'user_writes');
  const heardOnMessaging = firstWrite?.heard.filter((h) => h.kind === 'message' && h.channel === 'messaging').map((h) => h.app) ?? [];
  // HOP v1 refuses the pass of an app without a role before it says handover is inactive; a new conversation
  // nobody owns tells the two apart.
  const inactive = passRefusal === 'handover_inactive' || (passRefusal === 'no_role' && firstWrite?.ownerAfter === 'none');
  if (inactive) {
    findings.push({
      id: 'handover-inactive',
      title: `${setup.primary === null ? 'No Primary Receiver' : 'No Secondary Receiver'}, so the Handover Protocol is inactive and Open Conversation cannot pass the conversation to the Page Inbox`,
      detail: `${setup.primary === null ? 'No app is the Primary Receiver' : `${setup.primary} is the Primary Receiver but no app is a Secondary Receiver`}, so Meta never activates the Handover Protocol: conversations have no owner, every app gets every message on messaging (${listOf(heardOnMessaging)} heard "${textOf(firstWrite)}"), and ${auto}'s pass_thread_control to the Page Inbox was refused with ${errorText(pass!)}: "${pass!.error!.message}"`,
      fix: setup.primary === null
        ? `Set ${auto} as the Primary Receiver and the Page Inbox (and any other app that chats with your users) as a Secondary Receiver: ${words.settingsPath}.`
        : `Give the Page Inbox the Secondary Receiver role, and any other app that chats with your users: ${words.settingsPath}. The Handover Protocol needs one Primary Receiver and at least one Secondary Receiver.`,
      workflows: AFTER_OPEN,
      evidence: [firstWrite!, pass!],
    });
  } else if (passRefusal === 'target_has_no_role' || passRefusal === 'incorrect_app_id') {
    findings.push({
      id: 'page-inbox-not-receiver',
      title: 'The Page Inbox is not a Secondary Receiver, so Open Conversation cannot pass the conversation to it',
      detail: `When the user asked for a human, ${auto}'s pass_thread_control to the Page Inbox was refused with ${errorText(pass!)}: "${pass!.error!.message}" The user stayed with the bot and no agent saw the conversation.`,
      fix: `Give the Page Inbox the Secondary Receiver role: ${words.settingsPath}. Or, to answer inside ManyChat instead, choose ${auto} as the LiveChat app in ManyChat → Settings → Handover.`,
      workflows: AFTER_OPEN,
      evidence: [pass!],
    });
  }

  // Every app hears a new conversation on messaging: nobody gets it (no default app, or no primary receiver).
  if (heardOnMessaging.length > 1 && !findings.some((f) => f.id === 'handover-inactive')) {
    findings.push({
      id: 'no-default-app',
      title: `${words.noHomeApp}, so every app hears every message`,
      detail: `${words.noHomeAppDetail}: ${listOf(heardOnMessaging)} all heard "${textOf(firstWrite)}" on messaging, and each may answer it. ${auto} is not told when another app picks a conversation up or puts it down, so it cannot hand conversations over reliably${of('take-back').status === 'breaks' ? ': it did not take the conversation back when the user asked for the bot' : ''}.`,
      fix: words.makeAutomationHome(auto),
      workflows: ['agent-replies-done', 'user-writes-again', 'reopen', 'take-back'],
      evidence: [firstWrite!],
    });
  }

  const take = of('take-back').evidence.find((r) => byAuto(r, 'take_thread_control'));
  if (take !== undefined && refusalOf(take) === 'take_not_permitted') {
    findings.push({
      id: 'automation-cannot-take',
      title: `${auto} lacks the take permission, so it cannot take a conversation back from the Page Inbox`,
      detail: `When the user asked for the bot while the Page Inbox had the conversation, ${auto}'s take_thread_control was refused with ${errorText(take)}: "${take.error!.message}"`,
      fix: `Turn on "Allow this app to take control of conversations" for ${auto}: ${words.settingsPath}.`,
      workflows: ['take-back'],
      evidence: [take],
    });
  }

  // A finding explains those of its workflows that did not work; its evidence is told in the order it happened.
  const notWorking = new Set(workflows.filter((w) => w.status !== 'works').map((w) => w.id));
  const order = new Map(records.map((r, i) => [r, i]));
  return [...findings, ...unexplained(findings, workflows)].map((f) => ({
    ...f,
    workflows: f.workflows.filter((id) => notWorking.has(id)),
    evidence: [...new Set(f.evidence)].sort((a, b) => order.get(a)! - order.get(b)!),
  }));
}

/** A workflow that broke for a reason none of the findings above names: its own finding, with the refusal if there was one. */
function unexplained(findings: Finding[], workflows: WorkflowResult[]): Finding[] {
  const explained = new Set(findings.flatMap((f) => f.workflows));
  return workflows.filter((w) => w.status === 'breaks' && !explained.has(w.id)).map((w) => {
    const refused = w.evidence.find((r) => r.error !== null);
    return refused
      ? {
        id: 'call-refused' as const,
        title: `${w.title}: ${w.summary}`,
        detail: `${refused.by.name}'s ${refused.method} ${refused.path} was refused: "${refused.error!.message}"`,
        fix: 'See docs/errors.md for this error and the rule behind it.',
        workflows: [w.id],
        evidence: [refused],
      }
      : { id: 'workflow-breaks' as const, title: `${w.title}: ${w.summary}`, detail: w.summary, fix: 'See docs/doctor.md.', workflows: [w.id], evidence: w.evidence };
  });
}

function listOf(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? 'no app') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function textOf(record: CallRecord | undefined): string {
  return (record?.body as { text?: string } | undefined)?.text ?? '';
}
