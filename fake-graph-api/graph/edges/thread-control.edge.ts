import { defineEdge } from '../graph-request.js';
import { extendParams, passParams, releaseParams, requestParams, takeParams } from '../params.js';

/** POST /{page|me}/pass_thread_control, take_, request_, release_ and extend_thread_control → {"success":true}. */
const success = () => ({ success: true });

export const passThreadControlEdge = defineEdge({
  method: 'POST',
  name: 'pass_thread_control',
  params: passParams,
  handle: ({ platform, caller, params, answer }) =>
    answer(platform.passThreadControl(caller, params.recipient.id, params.target_app_id ?? null, params.metadata ?? null), success),
});

export const takeThreadControlEdge = defineEdge({
  method: 'POST',
  name: 'take_thread_control',
  params: takeParams,
  handle: ({ platform, caller, params, answer }) =>
    answer(platform.takeThreadControl(caller, params.recipient.id, params.metadata ?? null), success),
});

export const requestThreadControlEdge = defineEdge({
  method: 'POST',
  name: 'request_thread_control',
  params: requestParams,
  handle: ({ platform, caller, params, answer }) =>
    answer(platform.requestThreadControl(caller, params.recipient.id, params.metadata ?? null), success),
});

/** HOP v2 / CR: the owner makes the thread idle; no webhook (protocol.md §1.4). */
export const releaseThreadControlEdge = defineEdge({
  method: 'POST',
  name: 'release_thread_control',
  params: releaseParams,
  handle: ({ platform, caller, params, answer }) => answer(platform.releaseThreadControl(caller, params.recipient.id), success),
});

/** HOP v2 / CR: the owner keeps control `duration` seconds from now, at most 604800 (protocol.md §1.5). */
export const extendThreadControlEdge = defineEdge({
  method: 'POST',
  name: 'extend_thread_control',
  params: extendParams,
  handle: ({ platform, caller, params, answer }) => answer(platform.extendThreadControl(caller, params.recipient.id, params.duration), success),
});
