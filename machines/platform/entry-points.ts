import { CONTROL_WINDOW_MS, DAY_MS } from './control-window.js';
import type { PageView } from './roles.js';

/**
 * Conversation Routing's page configuration (protocol.md §1.10, §4.3–4.4): a default application (none =
 * zero-config), the apps a Page admin allowed to take control, and entry-point routes (an m.me link's
 * `ref`, or an ad's `receiving_app_id` with its control window in days).
 */
export type EntryPoint =
  | { ref: string; app: string }
  | { adId: string; app: string; controlExpirationDays?: number };

/** What a user's message says about where it came from: an m.me link's ref, or an ad's id. */
export type EntryPointRef = { ref: string } | { adId: string };

export interface RoutingConfig {
  readonly defaultApp: string | null;
  /** Apps with "Allow this app to take control" (Page Settings → Advanced Messaging). */
  readonly takeControl: readonly string[];
  readonly entryPoints: readonly EntryPoint[];
}

/** A Conversation Routing page as its threads see it. Roles stay empty: CR has none. */
export interface RoutedPageView extends PageView, RoutingConfig {}

export function matchEntryPoint(config: RoutingConfig, entry: EntryPointRef | null): EntryPoint | undefined {
  if (entry === null) return undefined;
  return config.entryPoints.find((e) => ('ref' in entry ? 'ref' in e && e.ref === entry.ref : 'adId' in e && e.adId === entry.adId));
}

/**
 * Who gets an idle thread when its user writes (protocol.md §2.4, §4.4): the entry point's app, else the
 * default app; zero-config (no default app, no matching entry point): nobody, every app hears `messaging`.
 * An ad gives control for its days (1 when not set); everything else for the usual 24 hours.
 */
export function idleRoute(config: RoutingConfig, entry: EntryPointRef | null): { appId: string; controlMs: number } | null {
  const point = matchEntryPoint(config, entry);
  if (point) return { appId: point.app, controlMs: 'adId' in point ? (point.controlExpirationDays ?? 1) * DAY_MS : CONTROL_WINDOW_MS };
  return config.defaultApp === null ? null : { appId: config.defaultApp, controlMs: CONTROL_WINDOW_MS };
}
