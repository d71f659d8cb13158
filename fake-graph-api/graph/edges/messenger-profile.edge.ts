import { z } from 'zod';
import { MESSENGER_PROFILE_FIELDS, type MessengerProfile, type MessengerProfileField } from '../../page-assets.js';
import { defineEdge } from '../graph-request.js';
import { nameList, parseObjectText } from '../params.js';

/**
 * GET|POST|DELETE /me/messenger_profile, per app and page
 * (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api):
 * GET `?fields=get_started,greeting` → `{"data":[{…the set properties asked for…}]}` (`{"data":[]}` when none);
 * POST sets each property it names → `{"result":"success"}`; DELETE `fields=[…]` removes them → same answer.
 * A persistent menu needs a Get Started button: `(#100) You must set a Get Started button if you also wish
 * to use persistent menu.` 100/2018145, as captured from production (pimax/fb-messenger-php#90).
 */
const json = <S extends z.ZodType>(schema: S) => z.preprocess(parseObjectText, schema);

// Limits from Meta's property references: payload ≤ 1000 chars, greeting ≤ 160, menu items ≤ 20, 4 ice breakers.
const property = {
  get_started: json(z.strictObject({ payload: z.string({ error: (issue) => (issue.input === undefined || typeof issue.input !== 'string' ? 'must be a string' : undefined) }).min(1).max(1000, 'must be at most 1000 characters') }, { error: 'must be {"payload":"…"}' })),
  greeting: json(z.array(z.strictObject({ locale: z.string().min(1), text: z.string().min(1).max(160) })).min(1)),
  persistent_menu: json(z.array(z.looseObject({
    locale: z.string().min(1),
    composer_input_disabled: z.boolean().optional(),
    call_to_actions: z.array(z.looseObject({ type: z.string().min(1), title: z.string().min(1).max(30) })).max(20).optional(),
  })).min(1)),
  ice_breakers: json(z.array(z.looseObject({})).min(1).max(4)),
  whitelisted_domains: json(z.array(z.url({ protocol: /^https$/, error: 'must be https:// URLs' })).max(50)),
} satisfies Record<MessengerProfileField, z.ZodType>;

const setParams = z.looseObject(
  Object.fromEntries(MESSENGER_PROFILE_FIELDS.map((f) => [f, property[f].optional()])) as { [K in MessengerProfileField]: z.ZodOptional<(typeof property)[K]> },
);

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
    if (next.persistent_menu !== undefined && next.get_started === undefined) return fail('get_started_required');
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
    if (next.persistent_menu !== undefined && next.get_started === undefined) return fail('get_started_in_use');
    platform.assets.setMessengerProfile(caller.pageId, caller.appId, next);
    return success;
  },
});
