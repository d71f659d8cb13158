import { z } from 'zod';
import { parseObjectText } from './graph/params.js';
import { MESSENGER_PROFILE_FIELDS, type MessengerProfileField } from './page-assets.js';

/**
 * The Messenger Profile's properties as Meta validates them
 * (https://developers.facebook.com/docs/messenger-platform/reference/messenger-profile-api), written once
 * for the Graph edge (`POST /me/messenger_profile`) and for the world file (an app's starting profile).
 * Limits from Meta's property references: payload ≤ 1000 characters, greeting ≤ 160, a menu's items ≤ 20,
 * 4 ice breakers, 50 whitelisted domains (https only).
 */
const json = <S extends z.ZodType>(schema: S) => z.preprocess(parseObjectText, schema);

export const MESSENGER_PROFILE_PROPERTIES = {
  get_started: json(z.strictObject({
    payload: z.string({ error: (issue) => (typeof issue.input !== 'string' ? 'must be a string' : undefined) }).min(1).max(1000, 'must be at most 1000 characters'),
  }, { error: 'must be {"payload":"…"}' })),
  greeting: json(z.array(z.strictObject({ locale: z.string().min(1), text: z.string().min(1).max(160) })).min(1)),
  persistent_menu: json(z.array(z.looseObject({
    locale: z.string().min(1),
    composer_input_disabled: z.boolean().optional(),
    call_to_actions: z.array(z.looseObject({ type: z.string().min(1), title: z.string().min(1).max(30) })).max(20).optional(),
  })).min(1)),
  ice_breakers: json(z.array(z.looseObject({})).min(1).max(4)),
  whitelisted_domains: json(z.array(z.url({ protocol: /^https$/, error: 'must be https:// URLs' })).max(50)),
} satisfies Record<MessengerProfileField, z.ZodType>;

/** Every property optional; other keys pass (Meta ignores what it does not know once one property is given). */
export const messengerProfileSchema = z.looseObject(
  Object.fromEntries(MESSENGER_PROFILE_FIELDS.map((f) => [f, MESSENGER_PROFILE_PROPERTIES[f].optional()])) as {
    [K in MessengerProfileField]: z.ZodOptional<(typeof MESSENGER_PROFILE_PROPERTIES)[K]>;
  },
);

/** Meta: "You must set a Get Started button if you also wish to use persistent menu." */
export const menuNeedsGetStarted = (profile: Partial<Record<MessengerProfileField, unknown>>): boolean =>
  profile.persistent_menu === undefined || profile.get_started !== undefined;
