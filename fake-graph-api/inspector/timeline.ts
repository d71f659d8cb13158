import { PAGE_INBOX_APP_ID } from '../../machines/platform/index.js';
import type { Platform, PlatformTransition } from '../platform.js';
import { eventKind, psidOf, type RecordedEvent } from '../webhooks/event-shapes.js';

/**
 * A conversation as a list of steps between participants (the user, the platform, the apps): the
 * neutral form that the live inspector page draws as SVG and `simulate --mermaid` writes as a Mermaid
 * sequence diagram. Built from what the platform reports: its machines' transitions (handovers,
 * refusals) and its webhook events (messages, deliveries, echoes), in the order they happened.
 */
export type StepKind = 'message' | 'handover' | 'refusal' | 'delivery' | 'echo' | 'note';

export interface TimelineStep {
  /** Clock time of the step (epoch ms; virtual in simulations). */
  time: number;
  /** Participant ids: `user`, `platform`, or an app id. */
  from: string;
  to: string;
  label: string;
  kind: StepKind;
  /** The thread it belongs to; null for page-wide steps (role changes), shown in every thread of the page. */
  pageId?: string;
  psid?: string | null;
  /** For deliveries: the event's index in the platform's event log (GET /__admin/events). */
  eventIndex?: number;
  /** For deliveries: what became of it (`recorded`, `delivered 200`, `failed: …`). */
  status?: string;
}

export interface Participant {
  id: string;
  label: string;
  kind: 'user' | 'platform' | 'app';
}

/** What the platform reported, in order: a machine transition or a recorded webhook event. */
export type PlatformRecord =
  | { type: 'transition'; time: number; transition: PlatformTransition }
  | { type: 'event'; time: number; event: RecordedEvent; index: number };


type Names = (pageId: string, appId: string) => string;

/**
 * Turns platform records into steps, one record at a time (the inspector feeds it live). A user's message
 * or an app's message is one step however many apps hear it; each app that hears it is a delivery step.
 */
export class TimelineBuilder {
  /** The deliveries of one message are recorded one after another: the first of them is the message itself. */
  private lastMid: string | undefined;

  constructor(private readonly appName: Names) {}

  add(record: PlatformRecord): TimelineStep[] {
    return record.type === 'event' ? this.fromEvent(record) : this.fromTransition(record.time, record.transition);
  }

  private fromEvent({ time, event: recorded, index }: Extract<PlatformRecord, { type: 'event' }>): TimelineStep[] {
    const { pageId, appId, channel, event } = recorded;
    const psid = psidOf(event, pageId);
    const kind = eventKind(event);
    const steps: TimelineStep[] = [];
    const message = event['message'] as { mid?: string; text?: string; is_echo?: boolean; app_id?: unknown; attachments?: unknown[] } | undefined;
    const postback = event['postback'] as { mid?: string; title?: string } | undefined;
    const mid = message?.mid ?? postback?.mid;
    if (mid !== undefined && mid !== this.lastMid) {
      this.lastMid = mid;
      const said = message?.text !== undefined ? `"${message.text}"` : postback ? `postback "${postback.title ?? ''}"` : 'attachment';
      steps.push(message?.is_echo
        ? { time, pageId, psid, from: String(message.app_id), to: 'user', label: said, kind: 'message' }
        : { time, pageId, psid, from: 'user', to: 'platform', label: said, kind: 'message' });
    }
    steps.push({
      time,
      pageId,
      psid,
      from: 'platform',
      to: appId,
      label: `${kind} · ${channel}`,
      kind: kind === 'message_echo' ? 'echo' : 'delivery',
      eventIndex: index,
    });
    return steps;
  }

  private fromTransition(time: number, t: PlatformTransition): TimelineStep[] {
    const { pageId, psid } = t;
    const event = t.event as { type: string; caller?: string; target?: string | null; primary?: string | null; secondaries?: string[] };
    const caller = event.caller;
    const owner = (t.context as { owner?: string | null }).owner ?? null;
    const name = (id: string | null | undefined) => (id ? this.appName(pageId, id) : 'nobody');
    const base = { time, pageId, psid };
    const steps: TimelineStep[] = [];
    for (const e of t.emitted as { type: string; refusal?: string; from?: string; to?: string }[]) {
      if (e.type === 'refused') {
        steps.push({ ...base, from: caller ?? 'platform', to: 'platform', label: `${event.type} refused: ${e.refusal}`, kind: 'refusal' });
      } else if (e.type === 'control_passed' || e.type === 'control_taken') {
        const verb = e.type === 'control_passed' ? `pass_thread_control → ${name(e.to)}` : 'take_thread_control';
        steps.push({ ...base, from: caller ?? 'platform', to: 'platform', label: verb, kind: 'handover' });
        steps.push({ ...base, from: 'platform', to: 'platform', label: `owner: ${name(owner)}`, kind: 'note' });
      } else if (e.type === 'control_requested') {
        steps.push({ ...base, from: caller ?? 'platform', to: 'platform', label: 'request_thread_control', kind: 'handover' });
      } else if (e.type === 'control_returned') {
        steps.push({ ...base, from: 'platform', to: 'platform', label: `control_returned to ${name(e.to)} (${name(e.from)} lost its role) · owner: ${name(owner)}`, kind: 'note' });
      } else if (e.type === 'app_roles_changed' && t.machine === 'page') {
        const secondaries = (event.secondaries ?? []).map((id) => name(id)).join(', ') || 'none';
        steps.push({ ...base, psid: null, from: 'platform', to: 'platform', label: `roles: primary ${name(event.primary)}, secondary ${secondaries}`, kind: 'note' });
      }
    }
    if (t.event.type === 'xstate.init' && t.machine === 'threadControl') {
      steps.push({ ...base, from: 'platform', to: 'platform', label: `new thread · owner: ${name(owner)}`, kind: 'note' });
    }
    return steps;
  }
}

/** The participants of one thread: the user, the platform, then every app of the page with its role. */
export function participantsOf(platform: Platform, pageId: string, psid: string): Participant[] {
  const apps = platform.pageView(pageId)?.apps ?? [];
  const user = platform.userName(pageId, psid);
  return [
    { id: 'user', label: user !== undefined ? `${user} (user)` : `user ${psid}`, kind: 'user' },
    { id: 'platform', label: 'Messenger platform', kind: 'platform' },
    ...[...apps, ...(apps.includes(PAGE_INBOX_APP_ID) ? [] : [PAGE_INBOX_APP_ID])].map((id) => ({
      id,
      label: `${platform.appName(pageId, id)} (${platform.roleOf(pageId, id) ?? 'no role'})`,
      kind: 'app' as const,
    })),
  ];
}
