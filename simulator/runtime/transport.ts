import type { GraphRequest, GraphResponse } from '../../fake-graph-api/graph/graph-request.js';
import type { Platform, UserInput } from '../../fake-graph-api/platform.js';
import type { RecordedEvent } from '../../fake-graph-api/webhooks/event-shapes.js';
import type { MaybePromise } from './maybe-async.js';

/**
 * How the simulated apps reach the fake: the only thing that differs between the in-process and the
 * HTTP transport. Both run the same Graph API function and the same platform; the HTTP one puts real
 * sockets between them and the apps.
 */
export type TransportName = 'in-process' | 'http';

/** The platform's own side: the user writes, a human acts in the Page Inbox, a Page admin sets roles. */
export type AdminOp =
  | { op: 'user_writes'; pageId: string; psid: string; input: UserInput }
  | { op: 'inbox_done'; pageId: string; psid: string }
  | { op: 'inbox_move_to_inbox'; pageId: string; psid: string }
  | { op: 'inbox_reply'; pageId: string; psid: string; text: string }
  | { op: 'set_roles'; pageId: string; primary: string | null; secondary: string[] };

export interface Transport {
  readonly name: TransportName;
  readonly platform: Platform;
  /** An app calls the Graph API. In process the answer is there at once; over HTTP it comes later. */
  graph(request: GraphRequest): MaybePromise<GraphResponse>;
  admin(op: AdminOp): MaybePromise<GraphResponse>;
  /** The webhook item as the app received it (`event`), once the recorded event has arrived. */
  arrival(event: RecordedEvent): MaybePromise<Pick<RecordedEvent, 'channel' | 'event'>>;
  close(): Promise<void>;
}

/** The error code and subcode of a Graph answer, if it is an error. */
export function errorOf(response: GraphResponse): { code: number; subcode: number | null; message: string } | null {
  if (response.status === 200) return null;
  const error = (response.body as { error?: { code?: number; error_subcode?: number; message?: string } } | undefined)?.error;
  return { code: error?.code ?? 0, subcode: error?.error_subcode ?? null, message: error?.message ?? `HTTP ${response.status}` };
}

/** The /__admin route behind each operation (docs/admin.md): what the HTTP transport sends, and how the doctor names it. */
export function adminRequest(op: AdminOp): { method: string; path: string; body?: unknown } {
  const page = `/__admin/pages/${op.pageId}`;
  switch (op.op) {
    case 'user_writes':
      return { method: 'POST', path: `${page}/users/${op.psid}/messages`, body: op.input };
    case 'inbox_done':
      return { method: 'POST', path: `${page}/inbox/${op.psid}/done` };
    case 'inbox_move_to_inbox':
      return { method: 'POST', path: `${page}/inbox/${op.psid}/move-to-inbox` };
    case 'inbox_reply':
      return { method: 'POST', path: `${page}/inbox/${op.psid}/reply`, body: { text: op.text } };
    case 'set_roles':
      return { method: 'PUT', path: `${page}/roles`, body: { primary: op.primary, secondary: op.secondary } };
  }
}
