import { z } from 'zod';
import { menuNeedsGetStarted, messengerProfileSchema } from '../../messenger-profile.js';
import { MESSENGER_PROFILE_FIELDS, type MessengerProfile } from '../../page-assets.js';
import { defineEdge } from '../graph-request.js';
import { nameList } from '../params.js';

/**
 * GET|POST|DELETE /me/messenger_profile, per app and page
 * (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api):
 * GET `?fields=get_started,greeting` → `{"data":[{…the set properties asked for…}]}` (`{"data":[]}` when none);
 * POST sets each property it names → `{"result":"success"}`; DELETE `fields=[…]` removes them → same answer.
 * A persistent menu needs a Get Started button: `(#100) You must set a Get Started button if you also wish
 * to use persistent menu.` 100/2018145, as captured from production (pimax/fb-messenger-php#90).
 */
const setParams = messengerProfileSchema;

const fieldsParam = nameList.pipe(z.array(z.enum(MESSENGER_PROFILE_FIELDS, { error: `must be one of {${MESSENGER_PROFILE_FIELDS.join(', ')}}` })).min(1));
const success = { status: 200, body: { result: 'success' } };

export const getMessengerProfileEdge = defineEdge({
  method: 'GET',
  name: 'messenger_profile',
  params: z.looseObject({ fields: fieldsParam }),
  handle: ({ platform, caller, params }) => {
    const stored = platform.assets.messengerProfile(caller.pageId, caller.appId);
    const asked = params.fields.filter((f) => stored[f] !== undefined);
    return { status: 200, body: { data: asked.length === 0 ? [] : [Object.fromEntries(asked.map((f) => [f, stored[f]]))] } };
  },
});

export const setMessengerProfileEdge = defineEdge({
  method: 'POST',
  name: 'messenger_profile',
  params: setParams,
  handle: ({ platform, caller, params, fail }) => {
    const given = MESSENGER_PROFILE_FIELDS.filter((f) => params[f] !== undefined);
    if (given.length === 0) return fail('invalid_parameter', { detail: `Requires one of the params: ${MESSENGER_PROFILE_FIELDS.join(', ')}` });
    const next: MessengerProfile = { ...platform.assets.messengerProfile(caller.pageId, caller.appId) };
    for (const f of given) next[f] = params[f];
    if (!menuNeedsGetStarted(next)) return fail('get_started_required');
    platform.assets.setMessengerProfile(caller.pageId, caller.appId, next);
    return success;
  },
});

export const deleteMessengerProfileEdge = defineEdge({
  method: 'DELETE',
  name: 'messenger_profile',
  params: z.looseObject({ fields: fieldsParam }),
  handle: ({ platform, caller, params, fail }) => {
    const next: MessengerProfile = { ...platform.assets.messengerProfile(caller.pageId, caller.appId) };
    for (const f of params.fields) delete next[f];
    if (!menuNeedsGetStarted(next)) return fail('get_started_in_use');
    platform.assets.setMessengerProfile(caller.pageId, caller.appId, next);
    return success;
  },
});
