import { defineEdge } from '../graph-request.js';
import { threadOwnerParams } from '../params.js';

/**
 * GET /{page|me}/thread_owner?recipient=PSID → {"data":[{"thread_owner":{"app_id":"…"}}]} (HOP v1).
 * HOP v2 / CR add `expiration` (a UNIX timestamp in seconds, protocol.md §1.6); an app that may not see
 * the owner gets only the expiration. Nobody owns the thread: `{"data":[]}`, the Graph edge convention.
 */
export const threadOwnerEdge = defineEdge({
  method: 'GET',
  name: 'thread_owner',
  params: threadOwnerParams,
  handle: ({ platform, caller, params, answer }) =>
    answer(platform.readThreadOwner(caller, params.recipient), (owner) => ({
      data: owner === null ? [] : [{
        thread_owner: {
          ...(owner.appId !== null && { app_id: owner.appId }),
          ...(owner.expiresAt !== undefined && { expiration: Math.floor(owner.expiresAt / 1000) }),
        },
      }],
    })),
});
