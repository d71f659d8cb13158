import type { World } from '../fake-graph-api/world/world.schema.js';

/**
 * The invariant monitor's own rule book, one entry per protocol generation, written from protocol.md and
 * NOT from machines/platform: an oracle that shared the platform's code would share its bugs. The monitor
 * reads only world data (roles, default app) and the platform's answers; what the rules mean is here.
 */
export type Generation = 'hop-v1' | 'hop-v2' | 'conversation-routing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** §3: a send needs the messaging window, 24 h after the user's last message; HUMAN_AGENT stretches it to 7 days. */
export const MESSAGING_WINDOW_MS = DAY;
export const HUMAN_AGENT_WINDOW_MS = 7 * DAY;

/** What the monitor needs to know of one page. */
export interface PageFacts {
  generation: Generation;
  apps: readonly string[];
  primary: string | null;
  /** CR only: the page's default application; null is zero-config. */
  defaultApp: string | null;
  /** CR only: each routed ad's control window in days (§4.3: 1 day when the route names none). */
  adControlDays: ReadonlyMap<string, number>;
}

export interface OracleRules {
  /** A thread may be idle (no owner) on a page that is set up (v2, CR); in v1 only while handover is inactive. */
  idleThreads: boolean;
  /** §4.3: control lapses to idle this long after the user's last message (or at the end of an extension). */
  controlLapsesAfterMs: number | null;
  /** §2.4: who hears a user on an idle thread on `messaging`; null: every app. */
  idleListener(page: PageFacts): string | null;
  /** §3: who may send into an idle thread; null: every app. */
  idleSender(page: PageFacts): string | null;
  /** §1.3: a request on an idle thread hands it to the requester at once (CR zero-config). */
  requestOnIdleHandsOver(page: PageFacts): boolean;
}

export const ORACLE_RULES: Record<Generation, OracleRules> = {
  'hop-v1': {
    idleThreads: false,
    controlLapsesAfterMs: null,
    idleListener: () => null,
    idleSender: () => null,
    requestOnIdleHandsOver: () => false,
  },
  'hop-v2': {
    idleThreads: true,
    controlLapsesAfterMs: DAY,
    // "If a Primary app is set and a user messages a page when thread is idle, then the Primary app gets the control."
    idleListener: (page) => page.primary,
    // v2 lets apps send into an idle thread (§3).
    idleSender: () => null,
    requestOnIdleHandsOver: () => false,
  },
  'conversation-routing': {
    idleThreads: true,
    controlLapsesAfterMs: DAY,
    // With a default app it hears idle threads; zero-config: every connected app (§2.4).
    idleListener: (page) => page.defaultApp,
    // Only the default app sends while idle; zero-config: any app (§3).
    idleSender: (page) => page.defaultApp,
    requestOnIdleHandsOver: (page) => page.defaultApp === null,
  },
};

/** A page's facts from the world file: its generation (the page's own `protocol`, else the world's `profile`), roles, default app. */
export function pageFacts(world: World, pageId: string): PageFacts | undefined {
  const page = world.pages.find((p) => p.id === pageId);
  if (!page) return undefined;
  const generation: string = page.protocol ?? world.profile;
  if (!isGeneration(generation)) throw new Error(`the invariant monitor has no rule book for ${generation}`);
  return {
    generation,
    apps: page.apps.map((a) => a.id),
    primary: page.apps.find((a) => a.role === 'primary')?.id ?? null,
    defaultApp: page.defaultApp ?? null,
    adControlDays: new Map((page.entryPoints ?? []).flatMap((e) => ('adId' in e ? [[e.adId, e.controlExpirationDays ?? 1] as const] : []))),
  };
}

function isGeneration(name: string): name is Generation {
  return Object.hasOwn(ORACLE_RULES, name);
}
