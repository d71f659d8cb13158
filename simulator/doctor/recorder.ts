import type { Channel } from '../../machines/platform/routing.js';
import type { GraphRequest, GraphResponse } from '../../fake-graph-api/graph/graph-request.js';
import type { Platform } from '../../fake-graph-api/platform.js';
import { eventKind, psidOf, type RecordedEvent } from '../../fake-graph-api/webhooks/event-shapes.js';
import { andThen } from '../runtime/maybe-async.js';
import { adminRequest, errorOf, type AdminOp, type Transport } from '../runtime/transport.js';

/**
 * The doctor's evidence: every call the simulated apps made and every action of the user and the Page Inbox's
 * human, with Meta's exact answer, who heard what it caused, and who owned the conversation after. Kept by a
 * transport put between the apps and the fake (run-scenario.ts `wrapTransport`), so the rules are the fake's
 * and the doctor only writes down what happened.
 */
export interface CallRecord {
  /** Which step of the doctor's script was running (workflows.ts). */
  step: number;
  /** Virtual milliseconds since the run started. */
  t: number;
  /** The app that called (`apps`), the user who wrote (`user`), or the Page Inbox's human (`inbox`). */
  by: { kind: 'app' | 'user' | 'inbox'; id: string; name: string };
  /** What was done, as Meta's API or the fake's /__admin route names it. */
  call: string;
  /** The Graph call (`send`, `pass_thread_control`, …) or the admin operation (`user_writes`, `inbox_done`, …). */
  op: string;
  method: string;
  path: string;
  body?: unknown;
  psid: string;
  status: number;
  /** Meta's answer, byte for byte as the fake answered it. */
  answer: unknown;
  /** Meta's error, when the call was refused. */
  error: { code: number; subcode: number | null; message: string } | null;
  /** The webhook events the call caused: which app heard what, on which channel. */
  heard: { appId: string; app: string; channel: Channel; kind: string; psid: string | null }[];
  /** The conversation's owner after the call (app name, `none` for nobody). */
  ownerAfter: string;
}

export class EvidenceRecorder {
  readonly records: CallRecord[] = [];
  step = 0;
  private platform: Platform | undefined;
  private caused: RecordedEvent[] = [];
  private off: (() => void) | undefined;

  constructor(private readonly epoch: number) {}

  /** Wraps the run's transport (run-scenario.ts `wrapTransport`). */
  wrap = (inner: Transport): Transport => {
    const platform = inner.platform;
    this.platform = platform;
    this.off = platform.onEvent((event) => void this.caused.push(event));
    return {
      name: inner.name,
      platform,
      arrival: (event) => inner.arrival(event),
      close: async () => {
        this.off?.();
        await inner.close();
      },
      graph: (request) => {
        this.caused = [];
        return andThen(inner.graph(request), (response) => {
          this.keepGraph(request, response);
          return response;
        });
      },
      admin: (op) => {
        this.caused = [];
        return andThen(inner.admin(op), (response) => {
          this.keepAdmin(op, response);
          return response;
        });
      },
    };
  };

  private keepGraph(request: GraphRequest, response: GraphResponse): void {
    const platform = this.platform!;
    const token = request.authorization?.replace(/^(Bearer|OAuth) /, '') ?? '';
    const caller = platform.authenticate(token);
    const psid = String((request.body as { recipient?: { id?: unknown } } | undefined)?.recipient?.id ?? '');
    const pageId = caller?.pageId ?? '';
    const appId = caller?.appId ?? '';
    const edge = request.path.split('/').pop() ?? '';
    const op = edge === 'messages' ? 'send' : edge;
    this.push(pageId, psid, {
      by: { kind: 'app', id: appId, name: platform.appName(pageId, appId) },
      call: op === 'send' ? 'Send API' : edge,
      op,
      method: request.method,
      path: request.path,
      body: request.body,
    }, response);
  }

  private keepAdmin(op: AdminOp, response: GraphResponse): void {
    if (op.op === 'set_roles') return; // the doctor's script never changes roles
    const platform = this.platform!;
    const { method, path, body } = adminRequest(op);
    const by = op.op === 'user_writes'
      ? { kind: 'user' as const, id: op.psid, name: platform.userName(op.pageId, op.psid) ?? `user ${op.psid}` }
      : { kind: 'inbox' as const, id: 'inbox', name: 'Page Inbox (human)' };
    this.push(op.pageId, op.psid, { by, call: path.replace(op.pageId, '{page}').replace(op.psid, '{psid}'), op: op.op, method, path, ...(body === undefined ? {} : { body }) }, response);
  }

  private push(pageId: string, psid: string, what: Pick<CallRecord, 'by' | 'call' | 'op' | 'method' | 'path' | 'body'>, response: GraphResponse): void {
    const platform = this.platform!;
    const owner = platform.ownerOf(pageId, psid);
    this.records.push({
      step: this.step,
      t: platform.clock.now() - this.epoch,
      ...what,
      psid,
      status: response.status,
      answer: response.body,
      error: errorOf(response),
      heard: this.caused.map((e) => ({
        appId: e.appId,
        app: platform.appName(e.pageId, e.appId),
        channel: e.channel,
        kind: eventKind(e.event),
        psid: psidOf(e.event, e.pageId),
      })),
      ownerAfter: owner === null || owner === undefined ? 'none' : platform.appName(pageId, owner),
    });
    this.caused = [];
  }
}
