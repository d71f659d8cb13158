import { handleGraphRequest } from '../../fake-graph-api/graph/dispatch.js';
import { refusalResponse } from '../../fake-graph-api/graph/graph-request.js';
import type { Outcome, Platform } from '../../fake-graph-api/platform.js';
import type { AdminOp, Transport } from './transport.js';

/** The apps call the same Graph API function and get the same webhook items, without sockets. */
export function inProcessTransport(platform: Platform): Transport {
  return {
    name: 'in-process',
    platform,
    graph: (request) => handleGraphRequest(platform, request),
    admin: (op) => {
      const outcome = runAdminOp(platform, op);
      return outcome.ok ? { status: 200, body: { success: true } } : refusalResponse(platform, outcome.refusal, outcome.detail);
    },
    arrival: (event) => event, // the recorded item itself: nothing in between
    close: async () => {},
  };
}

/** The platform call behind each admin operation (the HTTP transport reaches the same calls through /__admin). */
export function runAdminOp(platform: Platform, op: AdminOp): Outcome<unknown> {
  switch (op.op) {
    case 'user_writes':
      return platform.userWrites(op.pageId, op.psid, op.input);
    case 'inbox_done':
      return platform.inboxDone(op.pageId, op.psid);
    case 'inbox_move_to_inbox':
      return platform.inboxMoveToInbox(op.pageId, op.psid);
    case 'inbox_reply':
      return platform.inboxReply(op.pageId, op.psid, op.text);
    case 'set_roles':
      return platform.setRoles(op.pageId, op.primary, op.secondary);
  }
}
