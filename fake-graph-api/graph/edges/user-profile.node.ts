import { readNode, requestedFields } from '../fields.js';
import type { EdgeContext, GraphResponse } from '../graph-request.js';

/**
 * GET /{psid}?fields=first_name,last_name,profile_pic,… : the User Profile API
 * (https://developers.facebook.com/docs/messenger-platform/identity/user-profile), from the world's users.
 * Fields the world did not give (locale, timezone, gender need extra permissions at Meta) are left out,
 * as Meta leaves out what an app may not read. Without `fields`: first_name, last_name, profile_pic.
 */
export const USER_PROFILE_DEFAULT_FIELDS = ['first_name', 'last_name', 'profile_pic'] as const;

/** Where a profile picture lives when the world names none: the host and shape of Meta's own URLs. */
export const profilePicUrl = (psid: string) => `https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=${psid}`;

export function readUserProfile({ platform, caller, params, fail }: EdgeContext<Record<string, unknown>>, psid: string): GraphResponse | undefined {
  const user = platform.user(caller.pageId, psid);
  if (user === undefined) return undefined; // not a user of this page: an unknown object
  const [first, ...rest] = user.name.split(/\s+/);
  return readNode('User', psid, requestedFields(params['fields'], USER_PROFILE_DEFAULT_FIELDS), {
    name: user.name,
    first_name: user.first_name ?? first,
    last_name: user.last_name ?? rest.join(' '),
    profile_pic: user.profile_pic ?? profilePicUrl(psid),
    locale: user.locale,
    timezone: user.timezone,
    gender: user.gender,
  }, fail);
}
