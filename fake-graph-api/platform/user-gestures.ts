import type { Route } from '../../machines/platform/index.js';
import * as shapes from '../webhooks/event-shapes.js';
import { unknownPage, type Outcome } from './outcome.js';
import type { PageState } from './page-state.js';
import { Room } from './room.js';

/**
 * What a person does to messages already in the thread, on the channels that tell apps of it (the channel's
 * `features`): reacts to one (or takes the reaction back), unsends one of their own (Instagram, S60).
 */
export class UserGestures extends Room {
  /** `message_reactions` to the thread's owner (not on standby: docs/choices.md, Instagram). */
  userReacts(pageId: string, psid: string, reaction: shapes.Reaction): Outcome<{ routes: Route[] }> {
    return this.gesture(pageId, psid, 'reactions', 'message reactions', 'reaction', () => shapes.userReaction(pageId, psid, this.clock.now(), reaction));
  }

  /** The person unsends their message `mid`: a `messages` event with `is_deleted`, routed as a message. */
  userDeletes(pageId: string, psid: string, mid: string): Outcome<{ routes: Route[] }> {
    return this.gesture(pageId, psid, 'deletedMessages', 'unsent messages', 'message', () => shapes.messageDeleted(pageId, psid, this.clock.now(), mid));
  }

  /** A gesture the channel tells apps of, routed by the profile as `kind` from the thread's owner, and recorded. */
  private gesture(
    pageId: string,
    psid: string,
    feature: 'reactions' | 'deletedMessages',
    what: string,
    kind: Parameters<PageState['rules']['profile']['routing']['routeUserEvent']>[0],
    event: () => ReturnType<typeof shapes.userReaction>,
  ): Outcome<{ routes: Route[] }> {
    const found = this.existing(pageId, psid, feature, what);
    if (!found.ok) return found;
    const page = found.value;
    const routes = page.rules.profile.routing.routeUserEvent(kind, page.threads.get(psid)!.snapshot.context.owner, page.listeners);
    this.observers.recordAlong(routes, pageId, event());
    return { ok: true, value: { routes } };
  }

  /** The account and the known user a gesture needs; refused where the channel tells apps nothing of it. */
  private existing(pageId: string, psid: string, feature: 'reactions' | 'deletedMessages', what: string): Outcome<PageState> {
    const page = this.pages.get(pageId);
    if (!page) return unknownPage(pageId);
    if (!page.channel.features[feature]) {
      return { ok: false, refusal: 'not_on_channel', detail: `handover-sim sends no ${what} on ${page.channel.label}: an Instagram feature here` };
    }
    if (!page.threads.has(psid)) return { ok: false, refusal: 'no_matching_user' };
    return { ok: true, value: page };
  }
}
