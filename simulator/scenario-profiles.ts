import { PROFILES, type ProfileName } from '../machines/platform/profiles.js';
import type { WorldInput } from '../fake-graph-api/world/world.schema.js';
import type { Scenario } from './scenario.js';

/**
 * One scenario, several protocol generations. A scenario is written for one generation (its world's
 * `profile`, HOP v1 unless it says otherwise) and states, for each other generation, either how it reads
 * there (its variant: what differs, and the world, cast, script or expectations that change) or why it
 * means nothing there. This file is the only code that turns a scenario into its run under a profile.
 */
export type Under = { scenario: Scenario; differences: string | null } | { scenario: null; notMeaningful: string };

/** The generation a scenario's own fields describe: its page's `protocol`, else its world's `profile`. */
export function homeProfile(scenario: Scenario): ProfileName {
  return profileOfWorld(scenario.world);
}

function profileOfWorld(world: WorldInput): ProfileName {
  const page = world.pages[0];
  return page?.protocol ?? world.profile ?? world.protocol ?? 'hop-v1';
}

/** A world whose every page runs `profile`, its HOP set-up adopted by that generation (the profile's own `adoptHopPage`). */
function worldUnder(world: WorldInput, profile: ProfileName): WorldInput {
  return { ...world, pages: world.pages.map((page) => ({ ...PROFILES[profile].adoptHopPage(page), protocol: profile })) };
}

/** The scenario as it runs under `profile`, or why it does not. */
export function scenarioUnder(scenario: Scenario, profile: ProfileName): Under {
  const variant = scenario.under?.[profile];
  if (profile === homeProfile(scenario)) return { scenario, differences: null };
  if (variant === undefined) return { scenario: null, notMeaningful: `written for ${homeProfile(scenario)} only` };
  if ('notMeaningful' in variant) return { scenario: null, notMeaningful: variant.notMeaningful };
  const world = variant.world ?? worldUnder(scenario.world, profile);
  if (profileOfWorld(world) !== profile) throw new Error(`scenario ${scenario.name}: its ${profile} variant's world runs ${profileOfWorld(world)}`);
  return {
    scenario: {
      ...scenario,
      world,
      apps: variant.apps ?? scenario.apps,
      steps: variant.steps ?? scenario.steps,
      expect: variant.expect ?? scenario.expect,
      story: `${scenario.story} Under ${profile}: ${variant.differences}`,
    },
    differences: variant.differences,
  };
}

/** The scenario as it runs under `profile`; an error saying why when it means nothing there (a usage error for the CLI). */
export function runsUnder(scenario: Scenario, profile: ProfileName): Scenario {
  const under = scenarioUnder(scenario, profile);
  if (!under.scenario) throw new Error(`scenario "${scenario.name}" does not run under ${profile}: ${under.notMeaningful}`);
  return under.scenario;
}

/** Every scenario of a catalogue under `profile`: those that run, and those that do not, with why. */
export function catalogueUnder(
  catalogue: readonly Scenario[],
  profile: ProfileName,
): { runs: { scenario: Scenario; differences: string | null }[]; skipped: { name: string; why: string }[] } {
  const runs: { scenario: Scenario; differences: string | null }[] = [];
  const skipped: { name: string; why: string }[] = [];
  for (const s of catalogue) {
    const under = scenarioUnder(s, profile);
    if (under.scenario) runs.push(under);
    else skipped.push({ name: s.name, why: under.notMeaningful });
  }
  return { runs, skipped };
}
