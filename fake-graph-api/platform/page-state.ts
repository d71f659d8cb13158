import type { AnyMachineSnapshot } from 'xstate';
import type { ChannelSpec, IdleOwnedEmitted, Listener, PageView, Refusal, ThreadControlEmitted } from '../../machines/platform/index.js';
import type { Account, AccountUser } from '../world/accounts.js';
import type { RuleBook } from './rule-books.js';

/** One change of a thread's control, as `GET /__admin/threads/…` lists it. */
export interface HistoryEntry {
  time: number;
  event:
    | 'pass_thread_control'
    | 'take_thread_control'
    | 'request_thread_control'
    | 'control_returned'
    | 'release_thread_control'
    | 'extend_thread_control'
    | 'control_expired'
    | 'control_routed';
  /** The previous owner; null when control came from an idle thread (HOP v2, CR). */
  from?: string | null;
  to?: string;
  requester?: string;
  metadata?: string;
  owner: string | null;
  /** HOP v2 / CR: the thread's deadline after this change. */
  expiresAt?: number | null;
}

/** The thread state every generation has; HOP v2 and CR add their deadlines. */
interface ThreadContext {
  owner: string | null;
  expiresAt?: number | null;
  lastUserMessageAt?: number | null;
}

export type ThreadSnapshot = AnyMachineSnapshot & { context: ThreadContext };
export type PageSnapshot = AnyMachineSnapshot & { context: PageView };

/** What a thread's machine emits: the HOP v1 machine's events, or the idle/owned generations'. */
export type AnyEmitted = ThreadControlEmitted | IdleOwnedEmitted;
export type PageEmitted = { type: 'refused'; refusal: Refusal } | { type: 'app_roles_changed'; page: PageView } | { type: 'secondary_receivers_read'; appIds: readonly string[] };

/**
 * One user of a page and their thread: everything the platform keeps per PSID, in one record (a crowd has a
 * million of them; one map entry and one object each, docs/scale.md).
 */
export interface ThreadState {
  /** The user's name (the world's, or `User PSID` for a user who appeared by writing). */
  readonly name: string;
  /** Shared between threads in the same state (shared-snapshots.ts): never changed, only replaced. */
  snapshot: ThreadSnapshot;
  /** Allocated on the first control change (most threads never have one); never when the platform keeps no history. */
  history: HistoryEntry[] | null;
  /** HOP v1 keeps no time in its snapshot: the user's last message, for the messaging window. */
  lastUserMessageAt: number;
  /**
   * The page's messages the user's Messenger has not yet reported delivered, for `message_deliveries`: their
   * mids joined by spaces (mids never hold one), one string instead of a list of strings in every thread.
   */
  undelivered: string | null;
  /** When the last of them was sent. */
  undeliveredAt: number;
}

/**
 * One page of the world (or a Page's Instagram account: world/accounts.ts): its rules, its machine's state and
 * what follows from it, and its users' threads.
 */
export interface PageState {
  world: Account;
  /** What Meta does differently on this account's channel (machines/platform/channels). */
  channel: ChannelSpec;
  /** The same Page's account on the other channel: a Page's linked Instagram account, or that account's Page. */
  linked?: PageState;
  rules: RuleBook;
  /** Every user of the page by PSID, in the order they became known, with their thread. */
  threads: Map<string, ThreadState>;
  /** The world's users by PSID, made on the first profile read (a crowd world has 100 000). */
  profiles?: Map<string, AccountUser>;
  snapshot: PageSnapshot;
  // Derived from the snapshot, set only by `Pages.adoptSnapshot`:
  listeners: Listener[];
  /** Whether the page machine is in `handoverActive`: `matches` allocates, and the invariants ask on every event. */
  active: boolean;
  /** The snapshot a new thread starts from under these roles (immutable, so new threads share it); made on first use. */
  newThread: ThreadSnapshot | null;
  /** The clock reading `newThread` was made at (timed profiles start a thread's window from it). */
  newThreadAt: number;
}
