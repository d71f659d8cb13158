import type { EntryPointRef, Route } from '../../machines/platform/index.js';
import { welcomeScreenApp } from '../../machines/platform/welcome-screen.js';
import * as shapes from '../webhooks/event-shapes.js';
import { otherChannelsUser, unsupportedInput } from './channel-input.js';
import { unknownPage, type Outcome } from './outcome.js';
import type { PageState } from './page-state.js';
import { Room } from './room.js';

/**
 * What a user does in a thread: a message (text, a quick-reply tap, an attachment, a sticker or a like) or a
 * postback, optionally arriving through an entry point (an m.me link's `ref`, or an ad) first.
 */
export type UserInput = (shapes.UserMessage | { postback: shapes.Postback }) & { referral?: shapes.Referral };

/** The entry point a referral names, as the routing rules read it: an ad's id, else the m.me link's ref. */
function entryPointOf(referral: shapes.Referral): EntryPointRef {
  return 'ad_id' in referral ? { adId: referral.ad_id } : { ref: referral.ref };
}

/** A new user's id that is already the page's user on its other channel (Meta scopes ids per channel). */
function takenOnOtherChannel(page: PageState, id: string): Outcome<never> | null {
  const linked = page.linked;
  if (linked === undefined || page.threads.has(id) || !linked.threads.has(id)) return null;
  return { ok: false, refusal: 'user_on_other_channel', detail: otherChannelsUser(page.channel.label, page.channel.userIdName, linked.channel.label, id) };
}

/**
 * The user's side of a thread: what their Messenger (or Instagram) does: writes, arrives, reads, reports
 * deliveries, taps Get Started. `pageId` is the account the user writes to: a Page, or its Instagram account.
 */
export class UserSide extends Room {
  /**
   * A user writes to the page. An unknown PSID becomes a known user of the page. With a `referral`, the
   * user first arrives through that entry point (a `messaging_referrals` event), then writes.
   */
  userWrites(pageId: string, psid: string, input: UserInput): Outcome<{ mid: string; routes: Route[] }> {
    const page = this.pages.get(pageId);
    if (!page) return unknownPage(pageId);
    const taken = takenOnOtherChannel(page, psid);
    if (taken) return taken;
    const unsupported = unsupportedInput(page.channel, input);
    if (unsupported !== null) return { ok: false, refusal: 'not_on_channel', detail: unsupported };
    const thread = this.threads.threadOf(page, psid);
    const time = this.clock.now();
    thread.lastUserMessageAt = time;
    if (page.rules.profile.timed) {
      // The thread's deadlines move, and an idle thread may go to the default app or an entry point's app.
      this.threads.step(page, psid, thread, { type: 'user_message', page: page.snapshot.context, now: time, entryPoint: input.referral ? entryPointOf(input.referral) : null });
    }
    // The referral comes first, to whoever owns the thread now (under CR, the entry point's app).
    if (input.referral) this.userArrives(pageId, psid, input.referral);
    const owner = thread.snapshot.context.owner;
    const kind = 'postback' in input ? 'postback' : 'message';
    const routes = page.rules.profile.routing.routeUserEvent(kind, owner, page.listeners);
    const mid = this.ids.mid();
    // One event object per channel, shared by the apps it goes to: recorded events are never changed.
    // A message is the same on both channels; a postback loses its payload on standby.
    const message = 'postback' in input ? null : shapes.userMessageOf(pageId, psid, time, mid, input);
    let messaging: shapes.MessagingEvent | undefined;
    let standby: shapes.MessagingEvent | undefined;
    for (const route of routes) {
      const event = !('postback' in input)
        ? message!
        : route.channel === 'messaging'
          ? (messaging ??= shapes.userPostback(pageId, psid, time, mid, input.postback, 'messaging'))
          : (standby ??= shapes.userPostback(pageId, psid, time, mid, input.postback, 'standby'));
      this.observers.record({ appId: route.appId, pageId, channel: route.channel, event });
    }
    return { ok: true, value: { mid, routes } };
  }

  /**
   * A user opens the thread from an m.me link with a `ref`, or from an ad: `messaging_referrals` to the
   * owner. An unknown PSID becomes a known user of the page.
   */
  userArrives(pageId: string, psid: string, referral: shapes.Referral): Outcome<{ routes: Route[] }> {
    const page = this.pages.get(pageId);
    if (!page) return unknownPage(pageId);
    const taken = takenOnOtherChannel(page, psid);
    if (taken) return taken;
    const owner = this.threads.threadOf(page, psid).snapshot.context.owner;
    const routes = page.rules.profile.routing.routeUserEvent('referral', owner, page.listeners);
    this.observers.recordAlong(routes, pageId, shapes.userReferral(pageId, psid, this.clock.now(), referral, page.channel.linkReferralSource));
    return { ok: true, value: { routes } };
  }

  /**
   * The user's Messenger reads the thread: every message up to `watermark` (default: now) was read. On a
   * channel whose receipt names a message (Instagram's `messaging_seen`), the last message the account sent
   * was seen: the answer gives its `mid`, and its send time as the watermark.
   */
  userReads(pageId: string, psid: string, watermark?: number): Outcome<{ watermark: number; routes: Route[]; mid?: string }> {
    const page = this.pages.get(pageId);
    if (!page) return unknownPage(pageId);
    const thread = page.threads.get(psid);
    if (thread === undefined) return { ok: false, refusal: 'no_matching_user' };
    const owner = thread.snapshot.context.owner;
    const time = this.clock.now();
    if (page.channel.readReceipt === 'mid') {
      const mid = thread.undelivered;
      if (mid === null) return { ok: false, refusal: 'nothing_to_read', detail: `No message of the ${page.channel.accountKind} has reached this user: ${page.channel.label} names the message seen` };
      const routes = page.rules.profile.routing.routeUserEvent('read', owner, page.listeners);
      this.observers.recordAlong(routes, pageId, shapes.messageSeen(pageId, psid, time, mid));
      return { ok: true, value: { watermark: thread.undeliveredAt, mid, routes } };
    }
    const read = watermark ?? time;
    const routes = page.rules.profile.routing.routeUserEvent('read', owner, page.listeners);
    this.observers.recordAlong(routes, pageId, shapes.messageRead(pageId, psid, time, read));
    return { ok: true, value: { watermark: read, routes } };
  }

  /**
   * The user's Messenger reports the page's messages delivered: every message sent to the user since the
   * last report (their `mids`), with the time of the last one as `watermark`. Refused when nothing is
   * waiting to be delivered: Meta sends no empty delivery.
   */
  messagesDelivered(pageId: string, psid: string): Outcome<{ mids: string[]; watermark: number; routes: Route[] }> {
    const page = this.pages.get(pageId);
    if (!page) return unknownPage(pageId);
    if (!page.threads.has(psid)) return { ok: false, refusal: 'no_matching_user' };
    if (!page.channel.features.deliveryReports) {
      return { ok: false, refusal: 'not_on_channel', detail: `${page.channel.label} sends no message_deliveries: the person's app reports what they saw (messaging_seen)` };
    }
    const thread = this.threads.threadOf(page, psid);
    if (thread.undelivered === null) return { ok: false, refusal: 'nothing_to_deliver' };
    const mids = thread.undelivered.split(' ');
    const watermark = thread.undeliveredAt;
    thread.undelivered = null;
    const routes = page.rules.profile.routing.routeUserEvent('delivery', thread.snapshot.context.owner, page.listeners);
    this.observers.recordAlong(routes, pageId, shapes.messageDelivery(pageId, psid, this.clock.now(), mids, watermark));
    return { ok: true, value: { mids: [...mids], watermark, routes } };
  }

  /**
   * A user taps Get Started on the page's welcome screen: the button's payload arrives as a postback titled
   * "Get Started" (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api/get-started-button),
   * routed like any postback. The button is the one `appId` set, by default the welcome screen's app.
   */
  tapsGetStarted(pageId: string, psid: string, appId?: string): Outcome<{ mid: string; routes: Route[] }> {
    const button = this.getStartedButton(pageId, appId);
    return button.ok ? this.userWrites(pageId, psid, { postback: button.value }) : button;
  }

  /** The Get Started button a user of the page can tap: its title and the payload the app configured. */
  getStartedButton(pageId: string, appId?: string): Outcome<{ title: string; payload: string }> {
    const page = this.pages.get(pageId);
    if (!page) return unknownPage(pageId);
    if (!page.channel.features.getStarted) {
      return { ok: false, refusal: 'not_on_channel', detail: `${page.channel.label} has no Get Started button: a conversation starts with a message or an ice breaker` };
    }
    const app = appId ?? welcomeScreenApp(page.snapshot.context);
    const button = app === null ? undefined : (this.assets.messengerProfile(pageId, app).get_started as { payload: string } | undefined);
    if (button === undefined) {
      const whose = app === null ? 'the page has no primary receiver' : `app ${app} has set no get_started in its Messenger Profile`;
      return { ok: false, refusal: 'no_get_started', detail: `No Get Started button to tap: ${whose}` };
    }
    return { ok: true, value: { title: 'Get Started', payload: button.payload } };
  }
}
