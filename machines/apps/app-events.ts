/**
 * What an app learns, as events for the app machines: webhook items (parsed the way a real bot parses
 * Meta's JSON), answers of its own Graph API calls, its own timers, and what its humans do.
 * And what an app machine asks for, as emitted effects the simulator carries out.
 */
import type { Channel } from '../platform/routing.js';

export type { Channel };

/** A webhook item, one thread's worth, as an app sees it. */
export type WebhookEvent =
  | { type: 'message'; channel: Channel; text: string; mid: string }
  | { type: 'postback'; channel: Channel; title: string; payload: string | null }
  | { type: 'echo'; channel: Channel; appId: string; text: string | null }
  | { type: 'pass_thread_control'; from: string | null; to: string; metadata: string | null }
  | { type: 'take_thread_control'; from: string; to: string | null; metadata: string | null }
  | { type: 'request_thread_control'; requester: string; metadata: string | null }
  | { type: 'app_roles'; roles: Record<string, string[]> };

export type GraphCallName =
  | 'send'
  | 'pass_thread_control'
  | 'take_thread_control'
  | 'request_thread_control'
  | 'release_thread_control'
  | 'extend_thread_control'
  | 'thread_owner';

/** The answer to the app's last Graph API call. */
export interface ApiResult {
  type: 'api_result';
  call: GraphCallName;
  ok: boolean;
  /** Meta's error code and subcode when refused (e.g. 10 / 2018300). */
  code: number | null;
  subcode: number | null;
}

/** A timer the app set for itself fired; `episode` tells a stale timer from a live one. */
export type TimerFired = {
  type: 'timer';
  name: string;
  episode: number;
};

/**
 * Conversation Routing's inline thread control in a Send API call (protocol.md §3): the message goes out and
 * control moves in the same call. `pass` with no app goes to the page's default app.
 */
export interface InlineThreadControl {
  appId: string | null;
  controlType: 'pass' | 'release';
}

/** The one message tag the simulated apps use: a human agent answering outside the 24-hour window (7 days). */
export type MessageTag = 'HUMAN_AGENT';

/** Effects: what an app machine asks the world to do. */
export type GraphCall =
  | { type: 'call'; call: 'send'; text: string; threadControl?: InlineThreadControl; tag?: MessageTag }
  | { type: 'call'; call: 'pass_thread_control'; target: string | null; metadata: string | null }
  | { type: 'call'; call: 'take_thread_control'; metadata: string | null }
  | { type: 'call'; call: 'request_thread_control'; metadata: string | null }
  | { type: 'call'; call: 'release_thread_control' }
  | { type: 'call'; call: 'extend_thread_control'; durationSeconds: number };

export interface ScheduleTimer {
  type: 'schedule';
  name: string;
  delayMs: number;
  episode: number;
}

/** Something worth a line in the trace that is not a call: an ignored request, a refusal counted. */
export interface Note {
  type: 'note';
  text: string;
}

export type AppEffect = GraphCall | ScheduleTimer | Note;

export const includesKeyword = (text: string, keywords: readonly string[]): boolean => {
  const words = text.toLowerCase();
  return keywords.some((k) => words.includes(k.toLowerCase()));
};
