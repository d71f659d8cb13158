import { unknownPage, type Caller, type Outcome } from './outcome.js';
import { Room } from './room.js';

/** What `thread_owner` shows the caller: null while nobody owns the thread. */
export interface ThreadOwnerView {
  appId: string | null;
  /** Epoch milliseconds; undefined under HOP v1, which has no expiry. */
  expiresAt?: number;
}

/** The apps' side of the Handover Protocol API: each call an event for the thread's (or the page's) machine. */
export class HandoverApi extends Room {
  passThreadControl(caller: Caller, psid: string, target: string | null, metadata: string | null): Outcome<null> {
    return this.threads.request(caller, psid, { type: 'pass_thread_control', target, metadata });
  }

  takeThreadControl(caller: Caller, psid: string, metadata: string | null): Outcome<null> {
    return this.threads.request(caller, psid, { type: 'take_thread_control', metadata });
  }

  requestThreadControl(caller: Caller, psid: string, metadata: string | null): Outcome<null> {
    return this.threads.request(caller, psid, { type: 'request_thread_control', metadata });
  }

  /** HOP v2 / CR: the owner makes the thread idle at once; no webhook (protocol.md §1.4). */
  releaseThreadControl(caller: Caller, psid: string): Outcome<null> {
    return this.threads.request(caller, psid, { type: 'release_thread_control' });
  }

  /** HOP v2 / CR: the owner pushes its deadline to `durationSeconds` from now (≤ 604800; protocol.md §1.5). */
  extendThreadControl(caller: Caller, psid: string, durationSeconds: number): Outcome<null> {
    return this.threads.request(caller, psid, { type: 'extend_thread_control', durationSeconds });
  }

  /** Who owns the thread, as far as the caller may see it; null while nobody does (protocol.md §1.6). */
  readThreadOwner(caller: Caller, psid: string): Outcome<ThreadOwnerView | null> {
    let view: ThreadOwnerView | null = null;
    const outcome = this.threads.request(caller, psid, { type: 'read_thread_owner' }, (e) => {
      if (e.type !== 'owner_read' || e.owner === null) return;
      // HOP v1 always shows the app id it lets the caller read at all, and has no expiry.
      if (!('expiresAt' in e)) view = { appId: e.owner };
      else view = { appId: e.appIdVisible ? e.owner : null, ...(e.expiresAt !== null && { expiresAt: e.expiresAt }) };
    });
    return outcome.ok ? { ok: true, value: view } : outcome;
  }

  readSecondaryReceivers(caller: Caller): Outcome<{ id: string; name: string }[]> {
    const page = this.pages.get(caller.pageId);
    if (!page) return unknownPage(caller.pageId);
    const { emitted } = this.pages.step(page, { type: 'read_secondary_receivers' as const, caller: caller.appId });
    for (const e of emitted) {
      if (e.type === 'refused') return { ok: false, refusal: e.refusal };
      if (e.type === 'secondary_receivers_read') {
        return { ok: true, value: e.appIds.map((id) => ({ id, name: this.pages.appName(caller.pageId, id) })) };
      }
    }
    return { ok: true, value: [] };
  }
}
