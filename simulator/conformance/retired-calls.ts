import type { Profile } from '../../machines/platform/profiles.js';
import type { ObservedCall } from './graph-observer.js';
import type { RetiredCallWarning } from './types.js';

/**
 * The bot's calls to Graph edges that Meta retired under the protocol that ran (the profile's
 * `retiredEdges`), one warning per endpoint: the bot works today only where the fake still answers them.
 */
export function retiredCallWarnings(calls: readonly ObservedCall[], profile: Profile): RetiredCallWarning[] {
  const warnings = new Map<string, RetiredCallWarning>();
  for (const call of calls) {
    const retired = profile.retiredEdges.find((r) => r.edge === call.edge);
    if (!retired) continue;
    const endpoint = `${call.method} /${call.edge}`;
    const known = warnings.get(endpoint);
    if (known) known.calls++;
    else warnings.set(endpoint, { endpoint, calls: 1, why: retired.why });
  }
  return [...warnings.values()];
}
