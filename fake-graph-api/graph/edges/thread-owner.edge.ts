import { defineEdge } from '../graph-request.js';
import { threadOwnerParams } from '../params.js';

/**
 * GET /{page|me}/thread_owner?recipient=PSID → {"data":[{"thread_owner":{"app_id":"…"}}]}.
 * With handover inactive there is no owner: `{"data":[]}`, the Graph edge convention for none.
 */
export const threadOwnerEdge = defineEdge({
  method: 'GET',
  name: 'thread_owner',
  params: threadOwnerParams,
  handle: ({ platform, caller, params, answer }) =>
    answer(platform.readThreadOwner(caller, params.recipient), (owner) => ({
      data: owner === null ? [] : [{ thread_owner: { app_id: owner } }],
    })),
});
