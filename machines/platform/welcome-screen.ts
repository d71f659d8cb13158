import type { PageView } from './roles.js';

/**
 * Whose Get Started button a new user sees on the page's welcome screen. Meta shows one welcome screen per
 * page and does not say whose Messenger Profile fills it when several apps are connected; under HOP v1 new
 * threads belong to the Primary Receiver, so its button is the one tapped (docs/graph-surface.md,
 * "Choices where Meta is silent"). Null when the page has no primary.
 */
export function welcomeScreenApp(page: PageView): string | null {
  return page.roles.primary;
}
