import { z } from 'zod';
import { CHANNELS, type ChannelName, type ChannelSpec } from '../../../machines/platform/index.js';
import { menuNeedsGetStarted, messengerProfileSchema } from '../../messenger-profile.js';
import { MESSENGER_PROFILE_FIELDS, type MessengerProfile } from '../../page-assets.js';
import { defineEdge, type EdgeContext, type GraphResponse } from '../graph-request.js';
import { nameList } from '../params.js';

/**
 * GET|POST|DELETE /me/messenger_profile, per app and page
 * (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api):
 * GET `?fields=get_started,greeting` → `{"data":[{…the set properties asked for…}]}` (`{"data":[]}` when none);
 * POST sets each property it names → `{"result":"success"}`; DELETE `fields=[…]` removes them → same answer.
 * A persistent menu needs a Get Started button: `(#100) You must set a Get Started button if you also wish
 * to use persistent menu.` 100/2018145, as captured from production (pimax/fb-messenger-php#90).
 *
 * Instagram: the same edge with `platform=instagram` (or on the Instagram account's id) holds the Instagram
 * account's profile: ice breakers and the persistent menu only, a menu without Get Started (Meta's Instagram
 * ice-breakers and persistent-menu guides: `/me/messenger_profile?platform=instagram`). A property the
 * channel lacks is refused (docs/instagram.md).
 */
interface ProfileAccount {
  id: string;
  channel: ChannelSpec;
}

/** The account whose profile the call is about: `platform=<channel>` or the node names it; the Page by default. */
function profileAccount({ platform, caller, node, params, fail }: EdgeContext<Record<string, unknown>>): ProfileAccount | GraphResponse {
  const linked = platform.linkedAccountOf(caller.pageId);
  const asked = params['platform'];
  // Meta's own values (`platform=instagram`); any other value, as before, is the Page's own profile.
  const named = typeof asked === 'string' && Object.hasOwn(CHANNELS, asked) ? CHANNELS[asked as ChannelName] : undefined;
  const page = { id: caller.pageId, channel: platform.channelOf(caller.pageId)! };
  const other = linked === undefined ? undefined : { id: linked, channel: platform.channelOf(linked)! };
  if (node !== undefined && node === linked) return other!;
  if (named === undefined || named === page.channel) return page;
  if (other?.channel !== named) return fail('not_on_channel', { detail: `This Page has no ${named.label} account linked: platform=${named.name} names none` });
  if (!platform.connectedTo(other.id, caller.appId)) {
    return fail('not_connected_to_account', { detail: `App ${caller.appId} has no ${named.label} messaging on the ${named.accountKind} ${other.id}` });
  }
  return other;
}

/** A property the account's channel has no use for, refused; undefined when all are its own. */
function unsupported(account: ProfileAccount, fields: readonly string[], fail: EdgeContext<unknown>['fail']): GraphResponse | undefined {
  const own = account.channel.features.messengerProfileFields;
  const field = fields.find((f) => !own.includes(f));
  if (field === undefined) return undefined;
  return fail('not_on_channel', { detail: `${field} is not supported on ${account.channel.label}: its Messenger Profile takes ${own.join(', ')}` });
}

const isResponse = (v: ProfileAccount | GraphResponse): v is GraphResponse => 'status' in v;

/** The account whose profile the call reads or writes, once every field it names is one that account has. */
function accountFor(ctx: EdgeContext<Record<string, unknown>>, fields: readonly string[]): ProfileAccount | GraphResponse {
  const account = profileAccount(ctx);
  if (isResponse(account)) return account;
  return unsupported(account, fields, ctx.fail) ?? account;
}
const needsGetStarted = (account: ProfileAccount, profile: MessengerProfile) => !account.channel.features.menuNeedsGetStarted || menuNeedsGetStarted(profile);
const setParams = messengerProfileSchema;

const fieldsParam = nameList.pipe(z.array(z.enum(MESSENGER_PROFILE_FIELDS, { error: `must be one of {${MESSENGER_PROFILE_FIELDS.join(', ')}}` })).min(1));
const success = { status: 200, body: { result: 'success' } };

export const getMessengerProfileEdge = defineEdge({
  method: 'GET',
  name: 'messenger_profile',
  params: z.looseObject({ fields: fieldsParam }),
  handle: (ctx) => {
    const { platform, caller, params } = ctx;
    const account = accountFor(ctx, params.fields);
    if (isResponse(account)) return account;
    const stored = platform.assets.messengerProfile(account.id, caller.appId);
    const asked = params.fields.filter((f) => stored[f] !== undefined);
    return { status: 200, body: { data: asked.length === 0 ? [] : [Object.fromEntries(asked.map((f) => [f, stored[f]]))] } };
  },
});

export const setMessengerProfileEdge = defineEdge({
  method: 'POST',
  name: 'messenger_profile',
  params: setParams,
  handle: (ctx) => {
    const { platform, caller, params, fail } = ctx;
    const given = MESSENGER_PROFILE_FIELDS.filter((f) => params[f] !== undefined);
    if (given.length === 0) return fail('invalid_parameter', { detail: `Requires one of the params: ${MESSENGER_PROFILE_FIELDS.join(', ')}` });
    const account = accountFor(ctx, given);
    if (isResponse(account)) return account;
    const next: MessengerProfile = { ...platform.assets.messengerProfile(account.id, caller.appId) };
    for (const f of given) next[f] = params[f];
    if (!needsGetStarted(account, next)) return fail('get_started_required');
    platform.assets.setMessengerProfile(account.id, caller.appId, next);
    return success;
  },
});

export const deleteMessengerProfileEdge = defineEdge({
  method: 'DELETE',
  name: 'messenger_profile',
  params: z.looseObject({ fields: fieldsParam }),
  handle: (ctx) => {
    const { platform, caller, params, fail } = ctx;
    const account = accountFor(ctx, params.fields);
    if (isResponse(account)) return account;
    const next: MessengerProfile = { ...platform.assets.messengerProfile(account.id, caller.appId) };
    for (const f of params.fields) delete next[f];
    if (!needsGetStarted(account, next)) return fail('get_started_in_use');
    platform.assets.setMessengerProfile(account.id, caller.appId, next);
    return success;
  },
});
