/**
 * The names of the protocol generations (profiles.ts) and of the channels (channels/), without their machines:
 * the command line checks `--protocol` and `--channel` with them, and its help must not load xstate to print a
 * line (specs/simulator/cli-start-graph.spec.ts).
 */
export const PROFILE_NAMES = ['hop-v1', 'hop-v2', 'conversation-routing'] as const;

export type ProfileName = (typeof PROFILE_NAMES)[number];

export function isProfileName(name: string): name is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(name);
}

/** The channels a person writes to a business on (channels/channel.ts describes each). */
export const CHANNEL_NAMES = ['messenger', 'instagram'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** `--channel`: one channel, or every channel the world carries. */
export const CHANNEL_SELECTIONS = [...CHANNEL_NAMES, 'all'] as const;
export type ChannelSelection = (typeof CHANNEL_SELECTIONS)[number];
