import type { InlineThreadControl, SendTiming } from '../../machines/platform/index.js';
import * as shapes from '../webhooks/event-shapes.js';
import type { Caller, Outcome } from './outcome.js';
import { Room } from './room.js';

export interface OutgoingMessage {
  text?: string;
  attachment?: unknown;
  metadata?: string;
}

/** How a Send API call is timed and whether it moves control inline (protocol.md §3). */
export interface SendOptions {
  timing?: SendTiming;
  threadControl?: InlineThreadControl | null;
  /** The persona the message is sent as. */
  personaId?: string;
}

/** A message the user's Messenger shows: sent by an app through the Send API, or by a human in the Page Inbox. */
export interface MessageToUser {
  pageId: string;
  psid: string;
  appId: string;
  mid: string;
  message: OutgoingMessage;
  /** The persona the app sent as (`persona_id` of the Send API), when it named one. */
  personaId?: string;
}

/** The Send API: the thread's machine says whether the caller may send; a message sent is echoed and waits to be delivered. */
export class SendApi extends Room {
  sendMessage(caller: Caller, psid: string, message: OutgoingMessage | null, options: SendOptions = {}): Outcome<{ recipient_id: string; message_id?: string }> {
    // An IGSID's thread is the Page's Instagram account's (protocol.md §2.7: the Send API with the Page token).
    const page = this.pages.forUser(caller.pageId, psid);
    const thread = page?.threads.get(psid);
    if (thread !== undefined && options.personaId !== undefined && !page!.channel.features.personas) {
      return { ok: false, refusal: 'not_on_channel', detail: `Personas are not supported on ${page!.channel.label}: persona_id cannot be used with an ${page!.channel.userIdName}` };
    }
    const outcome = this.threads.request(caller, psid, {
      type: 'send',
      timing: options.timing ?? { messagingType: null, tag: null },
      threadControl: options.threadControl ?? null,
      lastUserMessageAt: thread?.lastUserMessageAt ?? null,
    });
    if (!outcome.ok) return outcome;
    // A sender action (typing, seen) is allowed by the same rule but is no message: no id, no echo.
    if (message === null) return { ok: true, value: { recipient_id: psid } };
    const mid = this.ids.mid();
    const time = this.clock.now();
    // The request went through, so the page and the thread exist; the echo comes from the thread's account.
    const account = page!.world.id;
    const echo = shapes.messageEcho(account, psid, time, caller.appId, mid, message);
    const sent = thread!;
    // join, not `+`: a flat string, where `+` leaves a rope of string nodes that holds every mid as a string of
    // its own (~80 B a message in a crowd where nobody reports deliveries, docs/scale.md). A channel without
    // delivery reports keeps the last mid only: the one its read receipt (`messaging_seen`) names.
    sent.undelivered = sent.undelivered === null || !page!.channel.features.deliveryReports ? mid : [sent.undelivered, mid].join(' ');
    sent.undeliveredAt = time;
    this.observers.recordAlong(page!.rules.profile.routing.routeEcho(page!.listeners), account, echo);
    this.observers.tellUser(account, psid, caller.appId, mid, message, options.personaId);
    return { ok: true, value: { recipient_id: psid, message_id: mid } };
  }
}
