import { MESSENGER } from '../../../machines/platform/index.js';
import { readNode, requestedFields } from '../fields.js';
import type { EdgeContext, GraphResponse } from '../graph-request.js';

/**
 * GET /{psid}?fields=first_name,last_name,profile_pic,… : the User Profile API
 * (https://developers.facebook.com/docs/messenger-platform/identity/user-profile), from the world's users.
 * Fields the world did not give (locale, timezone, gender need extra permissions at Meta) are left out,
 * as Meta leaves out what an app may not read. Without `fields`: first_name, last_name, profile_pic.
 *
 * GET /{igsid}?fields=name,username,profile_pic,follower_count,is_verified_user,is_user_follow_business,
 * is_business_follow_user: Instagram's (S64, protocol.md §2.7), the fields its channel lists; a Messenger field
 * asked of an Instagram user (or the reverse) is Meta's nonexisting-field error. Unset counts and flags are 0
 * and false, a missing picture a URL of Meta's shape (docs/choices.md, Instagram).
 */
export const USER_PROFILE_DEFAULT_FIELDS = MESSENGER.userProfile.defaultFields;

/** Where a profile picture lives when the world names none: the host and shape of Meta's own URLs. */
export const profilePicUrl = (psid: string) => `https://platform-lookaside.fbsbx.com/platform/profilepic/?psid=${psid}`;
export const instagramProfilePicUrl = (igsid: string) => `https://platform-lookaside.fbsbx.com/platform/instagramprofilepic/?asid=${igsid}`;

export function readUserProfile({ platform, caller, params, fail }: EdgeContext<Record<string, unknown>>, psid: string): GraphResponse | undefined {
  const user = platform.user(caller.pageId, psid);
  if (user === undefined) return undefined; // not a user of this page: an unknown object
  const channel = platform.channelOf(platform.accountOf(caller.pageId, psid)!) ?? MESSENGER;
  const [first, ...rest] = user.name.split(/\s+/);
  const ig = user.instagram;
  // Every field either channel knows; the thread's channel says which of them its user node has.
  const known: Record<string, unknown> = {
    name: ig ? ig.name : user.name,
    first_name: user.first_name ?? first,
    last_name: user.last_name ?? rest.join(' '),
    profile_pic: user.profile_pic ?? ig?.profile_pic ?? (ig ? instagramProfilePicUrl(psid) : profilePicUrl(psid)),
    locale: user.locale,
    timezone: user.timezone,
    gender: user.gender,
    username: ig?.username,
    follower_count: ig ? ig.follower_count ?? 0 : undefined,
    is_verified_user: ig ? ig.is_verified_user ?? false : undefined,
    is_user_follow_business: ig ? ig.is_user_follow_business ?? false : undefined,
    is_business_follow_user: ig ? ig.is_business_follow_user ?? false : undefined,
  };
  const values = Object.fromEntries(channel.userProfile.fields.map((f) => [f, known[f]]));
  return readNode(channel.userProfile.nodeType, psid, requestedFields(params['fields'], channel.userProfile.defaultFields), values, fail);
}
