import type { z } from 'zod';
import { graphError, type GraphErrorKey } from '../graph-errors.js';
import type { Caller, Outcome, Platform, PlatformRefusal } from '../platform.js';

/** A Graph API call, whatever carried it: an HTTP request, or the simulator's in-process transport. */
export interface GraphRequest {
  method: string;
  /** e.g. `/v19.0/me/pass_thread_control`, without the query string. */
  path: string;
  query: Record<string, unknown>;
  body?: unknown;
  /** The Authorization header, if any (`Bearer <token>` or `OAuth <token>`). */
  authorization?: string;
  /** Files of a multipart upload (`filedata`), as the HTTP layer read them. */
  files?: readonly UploadedFile[];
}

export interface UploadedFile {
  field: string;
  filename: string;
  mimetype: string;
  size: number;
}

export interface GraphResponse {
  status: number;
  body: unknown;
  /**
   * The paths (`GET /me/feed`) of the call, or of the batch's calls, that are no endpoint handover-sim models:
   * the HTTP layer adds `x-handover-sim: not-modelled` and logs each, so a user knows at once whether the bot or the fake is at fault.
   */
  notModelled?: readonly string[];
}

/** What an edge handler gets: the platform, the authenticated caller and its validated parameters. */
export interface EdgeContext<P> {
  platform: Platform;
  caller: Caller;
  /**
   * The node the call named: `me`, the Page's id, or the id of the Page's Instagram account (an edge whose
   * channel is not told by a recipient, such as `messenger_profile`, reads it).
   */
  node?: string;
  params: P;
  /** The files of a multipart request (empty otherwise). */
  files: readonly UploadedFile[];
  fail(key: GraphErrorKey, vars?: Record<string, string>): GraphResponse;
  /** Answers an outcome of the platform: its value serialized, or its refusal as Meta's error. */
  answer<T>(outcome: Outcome<T>, serialize: (value: T) => unknown): GraphResponse;
}

export interface Edge<S extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'DELETE';
  name: string;
  params: S;
  handle(ctx: EdgeContext<z.output<S>>): GraphResponse;
}

export const defineEdge = <S extends z.ZodType>(edge: Edge<S>): Edge<S> => edge;

/** A catalogue error as Meta sends it, with a fresh fbtrace id. */
export function failure(platform: Platform, key: GraphErrorKey, vars: Record<string, string> = {}): GraphResponse {
  return graphError(key, platform.ids.fbtraceId(), vars);
}

/** An outcome of the platform as the Graph API answers it: its value serialized, or its refusal as Meta's error. */
export function answerOutcome<T>(platform: Platform, outcome: Outcome<T>, serialize: (value: T) => unknown): GraphResponse {
  return outcome.ok ? { status: 200, body: serialize(outcome.value) } : refusalResponse(platform, outcome.refusal, outcome.detail);
}

export function refusalResponse(platform: Platform, refusal: PlatformRefusal, detail?: string): GraphResponse {
  const key: GraphErrorKey = refusal === 'unknown_page' ? 'admin_not_found' : refusal;
  return graphError(key, platform.ids.fbtraceId(), { detail: detail ?? '' });
}
