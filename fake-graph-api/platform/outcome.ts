import type { Refusal } from '../../machines/platform/index.js';

/** Who is calling: an app acting on one page, as its page access token says. */
export interface Caller {
  appId: string;
  pageId: string;
}

/** The machines' refusals, and the platform's own: what it refuses before any rule is asked. */
export type PlatformRefusal =
  | Refusal
  | 'no_matching_user'
  | 'unknown_page'
  | 'nothing_to_deliver'
  | 'no_get_started'
  // The channels (docs/instagram.md): an app not connected to the thread's account, a feature the channel
  // lacks, a user id of the page's other channel, a read with nothing sent to read.
  | 'not_connected_to_account'
  | 'not_on_channel'
  | 'user_on_other_channel'
  | 'nothing_to_read';

/** What every request of the platform answers: a value, or a refusal the Graph API layer turns into Meta's error. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: PlatformRefusal; detail?: string };

/** The answer to a request that names a page the world does not have. */
export function unknownPage(pageId: string): { ok: false; refusal: 'unknown_page'; detail: string } {
  return { ok: false, refusal: 'unknown_page', detail: `Unknown page ${pageId}` };
}
