
/** The Handover Protocol roles a page gives its apps (HOP v1: set by a Page admin). */
export interface PageRoles {
  readonly primary: string | null;
  readonly secondaries: readonly string[];
}

/** What the platform knows about a page when it decides on an event: its apps and their roles. */
export interface PageView {
  readonly roles: PageRoles;
  /** Every app installed on the page, with or without a role. */
  readonly apps: readonly string[];
}

export type Role = 'primary' | 'secondary';


/** HOP v1: handover is active only with exactly one primary and at least one secondary receiver. */
export function handoverActive(roles: PageRoles): boolean {
  return roles.primary !== null && roles.secondaries.length > 0;
}

export function roleOf(roles: PageRoles, appId: string | null): Role | null {
  if (appId === null) return null;
  if (roles.primary === appId) return 'primary';
  return roles.secondaries.includes(appId) ? 'secondary' : null;
}

/**
 * Installed apps are the page's `apps`. The Page Inbox is built in but counts as installed only once it is
 * listed in the world or named in a role change (README, "Choices where Meta is silent"); the page machine
 * installs it when a role names it.
 */
export function isInstalled(page: PageView, appId: string): boolean {
  return page.apps.includes(appId);
}

/** The `app_roles` map Meta sends: every app that has a role, with Meta's role names. */
export function appRolesMap(roles: PageRoles): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  if (roles.primary !== null) map[roles.primary] = ['primary_receiver'];
  for (const id of roles.secondaries) map[id] = ['secondary_receiver'];
  return map;
}

/**
 * The app a page gives a user's thread to when nobody else has it: the primary receiver (HOP), or, on a page
 * without roles, the default application (Conversation Routing; null zero-config).
 */
export function homeApp(page: PageView & { defaultApp?: string | null }): string | null {
  return page.roles.primary ?? page.defaultApp ?? null;
}
