/**
 * The names of the protocol generations (profiles.ts), without their machines: the command line checks
 * `--protocol` with them, and its help must not load xstate to print a line.
 */
export const PROFILE_NAMES = ['hop-v1', 'hop-v2', 'conversation-routing'] as const;

export type ProfileName = (typeof PROFILE_NAMES)[number];

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}
