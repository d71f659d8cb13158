import { PROFILES, type ProfileName } from '../../machines/platform/index.js';
import type { World } from './world.schema.js';

/**
 * The same world under another protocol (`serve --protocol`, `startFakeGraphApi({ protocol })`): every page
 * runs `protocol`, and a HOP page's roles become that generation's settings (the profile's `adoptHopPage`).
 * A page already configured for `protocol` is kept as it is.
 */
export function worldUnder(world: World, protocol: ProfileName): World {
  const profile = PROFILES[protocol];
  return {
    profile: protocol,
    pages: world.pages.map(({ protocol: own, ...page }) =>
      (own ?? world.profile) === protocol ? page : profile.adoptHopPage(page)),
  };
}
