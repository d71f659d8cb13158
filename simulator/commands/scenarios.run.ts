import type { ProfileName } from '../../machines/platform/profile-names.js';
import { catalogueUnder, homeProfile } from '../scenario-profiles.js';
import type { Scenario } from '../scenario.js';
import { SCENARIOS } from '../scenarios/index.js';

/** The catalogue as `handover-sim scenarios` prints it: every scenario, or those that run under one generation. */
export function listScenarios(protocol?: ProfileName, catalogue: readonly Scenario[] = SCENARIOS): string[] {
  if (protocol === undefined) {
    const width = Math.max(...catalogue.map((s) => s.name.length));
    return catalogue.map((s) => `${s.name.padEnd(width)}  ${s.title}${homeProfile(s) === 'hop-v1' ? '' : ` [${homeProfile(s)}]`}`);
  }
  const { runs, skipped } = catalogueUnder(catalogue, protocol);
  const width = Math.max(0, ...runs.map((r) => r.scenario.name.length), ...skipped.map((s) => s.name.length));
  const lines = runs.flatMap(({ scenario, differences }) => [
    `${scenario.name.padEnd(width)}  ${scenario.title}`,
    ...(differences === null ? [] : [`${' '.repeat(width)}    differs: ${differences}`]),
  ]);
  if (skipped.length > 0) lines.push('', `not under ${protocol}:`, ...skipped.map((s) => `${s.name.padEnd(width)}  ${s.why}`));
  return lines;
}
