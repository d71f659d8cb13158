import type { GraphCall, GraphCallName } from '../../machines/apps/app-events.js';
import type { GraphRequest } from '../../fake-graph-api/graph/graph-request.js';

/** The Graph API version the simulated apps call; the fake accepts any. */
export const GRAPH_VERSION = 'v19.0';

const EDGE: Record<GraphCallName, string> = {
  send: 'messages',
  pass_thread_control: 'pass_thread_control',
  take_thread_control: 'take_thread_control',
  request_thread_control: 'request_thread_control',
  release_thread_control: 'release_thread_control',
  extend_thread_control: 'extend_thread_control',
  thread_owner: 'thread_owner',
};

/** An app machine's call as the HTTP request a bot would make (JSON body, token in the header). */
export function toGraphRequest(call: GraphCall, psid: string, accessToken: string): GraphRequest {
  return { method: 'POST', path: `/${GRAPH_VERSION}/me/${EDGE[call.call]}`, query: {}, body: bodyOf(call, psid), authorization: `Bearer ${accessToken}` };
}

function bodyOf(call: GraphCall, psid: string): Record<string, unknown> {
  const recipient = { id: psid };
  const metadata = (m: string | null) => (m === null ? {} : { metadata: m });
  switch (call.call) {
    case 'send': {
      // Key order as a bot writes it; a send without the CR extras is byte-identical to the HOP v1 one.
      const type = call.tag === undefined ? { messaging_type: 'RESPONSE' } : { messaging_type: 'MESSAGE_TAG', tag: call.tag };
      const control = call.threadControl && {
        thread_control: { ...(call.threadControl.appId === null ? {} : { app_id: call.threadControl.appId }), control_type: call.threadControl.controlType },
      };
      return { recipient, ...type, message: { text: call.text }, ...control };
    }
    case 'pass_thread_control':
      return { recipient, ...(call.target === null ? {} : { target_app_id: call.target }), ...metadata(call.metadata) };
    case 'take_thread_control':
    case 'request_thread_control':
      return { recipient, ...metadata(call.metadata) };
    case 'release_thread_control':
      return { recipient };
    case 'extend_thread_control':
      return { recipient, duration: call.durationSeconds };
  }
}

/** How a call reads in a timeline. */
export function describeCall(call: GraphCall, nameOf: (appId: string) => string): string {
  switch (call.call) {
    case 'send': {
      const tag = call.tag === undefined ? '' : ` (tag ${call.tag})`;
      const control = call.threadControl === undefined
        ? ''
        : call.threadControl.controlType === 'release'
          ? ' + release'
          : ` + pass to ${call.threadControl.appId === null ? 'the default app' : nameOf(call.threadControl.appId)}`;
      return `send "${call.text}"${tag}${control}`;
    }
    case 'pass_thread_control':
      return `pass_thread_control to ${call.target === null ? 'the primary' : nameOf(call.target)}`;
    case 'extend_thread_control':
      return `extend_thread_control by ${call.durationSeconds / 3600} h`;
    default:
      return call.call;
  }
}
