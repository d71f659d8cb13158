import { MESSENGER, appRolesMap } from '../../machines/platform/index.js';
import * as shapes from '../webhooks/event-shapes.js';
import type { HandoverApi } from './handover-api.js';
import { unknownPage, type Outcome } from './outcome.js';
import { Room, type Core } from './room.js';
import type { SendApi } from './send-api.js';

/**
 * The calls of the apps' API the Page Inbox makes. They are the Platform's own, so a platform that changes
 * one (a planted bug in the property specs) changes it for the inbox too.
 */
export type InboxApi = Pick<HandoverApi, 'passThreadControl' | 'requestThreadControl'> & Pick<SendApi, 'sendMessage'>;

/** The page's people: an admin who assigns the apps' roles, and the humans who answer in the Page Inbox. */
export class PageAdmin extends Room {
  constructor(
    core: Core,
    private readonly api: InboxApi,
  ) {
    super(core);
  }

  /** A Page admin assigns roles: every app gets `app_roles`; threads of an app that lost its role go to the primary. */
  setRoles(pageId: string, primary: string | null, secondaries: readonly string[]): Outcome<null> {
    const page = this.pages.get(pageId);
    if (!page) return unknownPage(pageId);
    const { snapshot, emitted } = this.pages.step(page, { type: 'set_roles' as const, primary, secondaries });
    for (const e of emitted) {
      if (e.type === 'refused') return { ok: false, refusal: e.refusal };
      if (e.type !== 'app_roles_changed') continue;
      this.pages.adoptSnapshot(page, snapshot);
      const time = this.clock.now();
      const map = appRolesMap(e.page.roles);
      const rolesEvent = shapes.appRoles(pageId, time, map);
      this.observers.recordAlong(page.rules.profile.routing.routeAppRoles(page.listeners), pageId, rolesEvent);
      for (const [psid, thread] of page.threads) {
        this.threads.step(page, psid, thread, { type: 'app_roles_changed', page: e.page, now: time });
      }
    }
    return { ok: true, value: null };
  }

  /**
   * A human marks the thread Done in the Page Inbox (the Instagram Inbox on an Instagram thread). HOP: the
   * inbox passes control back to the primary. CR: back to the default application, or released when there is
   * none (the profile's `pageInbox`).
   */
  inboxDone(pageId: string, psid: string): Outcome<null> {
    const inbox = this.inboxOf(pageId, psid);
    return this.inboxRules(pageId, psid)?.done === 'inbox_done'
      ? this.threads.request(inbox, psid, { type: 'inbox_done' })
      : this.api.passThreadControl(inbox, psid, null, null);
  }

  /** A human in the inbox replies: the inbox sends like any app (under CR it takes control first). */
  inboxReply(pageId: string, psid: string, text: string): Outcome<{ recipient_id: string; message_id?: string }> {
    const inbox = this.inboxOf(pageId, psid);
    if (this.inboxRules(pageId, psid)?.replyTakesControl) {
      const taken = this.threads.request(inbox, psid, { type: 'inbox_take' });
      if (!taken.ok) return taken;
    }
    return this.api.sendMessage(inbox, psid, { text });
  }

  /** A human moves the thread to the Inbox (CR: Main) folder: HOP requests control from the primary; CR takes it. */
  inboxMoveToInbox(pageId: string, psid: string): Outcome<null> {
    const inbox = this.inboxOf(pageId, psid);
    return this.inboxRules(pageId, psid)?.moveToInbox === 'inbox_take'
      ? this.threads.request(inbox, psid, { type: 'inbox_take' })
      : this.api.requestThreadControl(inbox, psid, null);
  }

  /** The inbox of the thread's channel acts: the Page Inbox on Messenger, the Instagram Inbox on Instagram. */
  private inboxOf(pageId: string, psid: string) {
    return { appId: (this.pages.forUser(pageId, psid)?.channel ?? MESSENGER).inbox.appId, pageId };
  }

  private inboxRules(pageId: string, psid: string) {
    return this.pages.forUser(pageId, psid)?.rules.profile.pageInbox;
  }
}
