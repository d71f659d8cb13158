import { METADATA_MAX_LENGTH, type Refusal } from '../machines/platform/index.js';

/**
 * The one error catalogue: every error the fake answers, as Meta's envelope
 * `{"error":{"message","type","code","error_subcode","fbtrace_id"}}` with its HTTP status.
 * `documented: true` rows copy Meta's code, subcode and message (protocol.md §1.11); the others are our
 * choice for cases Meta does not document, all listed in docs/errors.md. Invented subcodes sit in ranges so
 * a bot can tell them apart: 2018901–2018913 HOP v1, 2018920–2018949 HOP v2 and Conversation Routing,
 * 2018950–2018959 the server's own guards (hostile input, foreign sites, stopping, HTTP-level errors),
 * 2018960–2018979 the Graph surface around handover, 2018980–2018989 the user's side, 2018990–2018999 the
 * Instagram channel (docs/instagram.md).
 */
export interface GraphErrorSpec {
  status: number;
  code: number;
  subcode?: number;
  type: 'OAuthException' | 'GraphMethodException';
  message: string;
  documented: boolean;
}

export type GraphErrorKey =
  | Refusal
  | 'access_token_missing'
  | 'invalid_access_token'
  | 'unknown_path'
  | 'unsupported_request'
  | 'invalid_parameter'
  | 'no_matching_user'
  | 'body_too_large'
  | 'admin_not_found'
  | 'nothing_to_deliver'
  | 'unknown_error'
  | 'body_too_deep'
  | 'unsupported_content_type'
  | 'foreign_origin'
  | 'foreign_host'
  | 'server_stopping'
  | 'headers_too_large'
  | 'malformed_http'
  | 'request_timeout'
  | 'method_not_allowed'
  | GraphSurfaceErrorKey
  | ChannelErrorKey;

/** What a channel refuses that the other has (docs/instagram.md), and the user's side across channels. */
export type ChannelErrorKey =
  | 'not_connected_to_account'
  | 'not_on_channel'
  | 'user_on_other_channel'
  | 'nothing_to_read';

/** The Graph surface around handover (docs/graph-surface.md): Messenger Profile, personas, attachments, batch. */
export type GraphSurfaceErrorKey =
  | 'nonexisting_field'
  | 'get_started_required'
  | 'batch_too_large'
  | 'get_started_in_use'
  | 'unknown_persona'
  | 'unknown_attachment'
  | 'no_get_started';

export const GRAPH_ERRORS: Record<GraphErrorKey, GraphErrorSpec> = {
  send_not_owner: { status: 400, code: 10, subcode: 2018300, type: 'OAuthException', documented: true,
    message: '(#10) Message failed to send because another app is controlling this thread now.' },
  owner_not_visible: { status: 400, code: 100, subcode: 2018234, type: 'OAuthException', documented: true,
    message: '(#100) Denying visibility of any secondary receiver to another secondary receiver other than itself.' },
  no_role: { status: 400, code: 10, subcode: 2018171, type: 'OAuthException', documented: true,
    message: '(#10) Only available to Primary and Secondary Receivers.' },
  incorrect_app_id: { status: 400, code: 100, subcode: 2018164, type: 'OAuthException', documented: true,
    message: '(#100) Incorrect App ID.' },
  no_matching_user: { status: 400, code: 100, subcode: 2018001, type: 'OAuthException', documented: true,
    message: '(#100) No matching user found' },
  access_token_missing: { status: 400, code: 104, type: 'OAuthException', documented: true,
    message: 'An access token is required to request this resource.' },
  invalid_access_token: { status: 400, code: 190, type: 'OAuthException', documented: true,
    message: 'Invalid OAuth access token.' },
  unknown_path: { status: 400, code: 2500, type: 'OAuthException', documented: true,
    message: 'Unknown path components: {path}' },
  unsupported_request: { status: 400, code: 100, subcode: 33, type: 'GraphMethodException', documented: true,
    message: "Unsupported {method} request. Object with ID '{node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation." },
  invalid_parameter: { status: 400, code: 100, type: 'OAuthException', documented: true,
    message: '(#100) {detail}' },
  target_app_id_required: { status: 400, code: 100, type: 'OAuthException', documented: true,
    message: '(#100) The parameter target_app_id is required' },

  handover_inactive: { status: 400, code: 10, subcode: 2018901, type: 'OAuthException', documented: false,
    message: '(#10) The Handover Protocol is not active on this page: it needs one Primary Receiver and at least one Secondary Receiver.' },
  pass_by_non_owner: { status: 400, code: 10, subcode: 2018902, type: 'OAuthException', documented: false,
    message: '(#10) Only the thread owner or the Primary Receiver can pass thread control.' },
  target_has_no_role: { status: 400, code: 100, subcode: 2018903, type: 'OAuthException', documented: false,
    message: '(#100) target_app_id must be the Primary Receiver or a Secondary Receiver of this page.' },
  pass_to_self: { status: 400, code: 100, subcode: 2018904, type: 'OAuthException', documented: false,
    message: '(#100) An app cannot pass thread control to itself.' },
  target_already_owner: { status: 400, code: 100, subcode: 2018905, type: 'OAuthException', documented: false,
    message: '(#100) The target app already controls this thread.' },
  take_by_non_primary: { status: 400, code: 10, subcode: 2018906, type: 'OAuthException', documented: false,
    message: '(#10) Only the Primary Receiver can take thread control.' },
  already_thread_owner: { status: 400, code: 10, subcode: 2018907, type: 'OAuthException', documented: false,
    message: '(#10) Your app already controls this thread.' },
  request_by_primary: { status: 400, code: 10, subcode: 2018908, type: 'OAuthException', documented: false,
    message: '(#10) The Primary Receiver cannot request thread control: it takes it with take_thread_control.' },
  metadata_too_long: { status: 400, code: 100, subcode: 2018909, type: 'OAuthException', documented: false,
    message: `(#100) metadata must be at most ${METADATA_MAX_LENGTH} characters.` },
  secondary_receivers_primary_only: { status: 400, code: 10, subcode: 2018910, type: 'OAuthException', documented: false,
    message: '(#10) Only the Primary Receiver can read the list of secondary receivers.' },
  body_too_large: { status: 400, code: 100, subcode: 2018911, type: 'OAuthException', documented: false,
    message: '(#100) The request body is too large.' },
  role_for_unknown_app: { status: 400, code: 100, subcode: 2018912, type: 'OAuthException', documented: false,
    message: '(#100) A role names an app that is not installed on this page.' },
  role_conflict: { status: 400, code: 100, subcode: 2018913, type: 'OAuthException', documented: false,
    message: '(#100) An app cannot be both the Primary Receiver and a Secondary Receiver.' },
  outside_messaging_window: { status: 400, code: 10, subcode: 2018278, type: 'OAuthException', documented: true,
    message: '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview' },
  // HOP v2 and Conversation Routing (issue 11): invented subcodes 2018920–2018949 (docs/errors.md).
  message_tag_retired: { status: 400, code: 100, subcode: 2018920, type: 'OAuthException', documented: false,
    message: '(#100) This message tag is no longer supported: use CONFIRMED_EVENT_UPDATE, POST_PURCHASE_UPDATE, ACCOUNT_UPDATE, HUMAN_AGENT or CUSTOMER_FEEDBACK.' },
  release_by_non_owner: { status: 400, code: 10, subcode: 2018921, type: 'OAuthException', documented: false,
    message: '(#10) Only the current thread owner can release thread control.' },
  extend_by_non_owner: { status: 400, code: 10, subcode: 2018922, type: 'OAuthException', documented: false,
    message: '(#10) Only the current thread owner can extend thread control.' },
  extend_duration_too_long: { status: 400, code: 100, subcode: 2018923, type: 'OAuthException', documented: false,
    message: '(#100) duration must be at most 604800 seconds (7 days).' },
  pass_not_owner_nor_idle: { status: 400, code: 10, subcode: 2018924, type: 'OAuthException', documented: false,
    message: '(#10) Only the current thread owner can pass thread control, or any app while the thread is idle.' },
  take_owned_by_non_primary: { status: 400, code: 10, subcode: 2018925, type: 'OAuthException', documented: false,
    message: '(#10) Only the Primary Receiver can take control of a thread another app controls; any app can take an idle thread.' },
  take_needs_default_app: { status: 400, code: 10, subcode: 2018926, type: 'OAuthException', documented: false,
    message: '(#10) The Take Thread Control API is blocked unless a default application is set.' },
  take_not_permitted: { status: 400, code: 10, subcode: 2018927, type: 'OAuthException', documented: false,
    message: '(#10) This app is not allowed to take control of conversations on this page (Page Settings: Allow this app to take control).' },
  request_needs_zero_config: { status: 400, code: 10, subcode: 2018928, type: 'OAuthException', documented: false,
    message: '(#10) request_thread_control is only available when conversation routing is not enabled (default message routing behavior).' },
  send_idle_not_default_app: { status: 400, code: 10, subcode: 2018929, type: 'OAuthException', documented: false,
    message: '(#10) Message failed to send because the thread is idle: only the default application can send into it.' },
  thread_control_needs_routing: { status: 400, code: 100, subcode: 2018930, type: 'OAuthException', documented: false,
    message: '(#100) thread_control is only supported when conversation routing is enabled.' },
  hop_api_disabled: { status: 400, code: 10, subcode: 2018931, type: 'OAuthException', documented: false,
    message: '(#10) Handover Protocol APIs disabled for this page.' },
  not_in_protocol: { status: 400, code: 100, subcode: 2018932, type: 'OAuthException', documented: false,
    message: '(#100) This API is not part of the Handover Protocol v1 this page runs.' },
  admin_not_found: { status: 404, code: 100, type: 'OAuthException', documented: false,
    message: '(#100) {detail}' },
  // /__admin only: a delivery report needs a message of the page that the user has not yet received.
  nothing_to_deliver: { status: 400, code: 100, subcode: 2018980, type: 'OAuthException', documented: false,
    message: '(#100) No message of the page is waiting to be delivered to this user.' },
  unknown_error: { status: 500, code: 1, type: 'OAuthException', documented: true,
    message: 'An unknown error occurred' },

  body_too_deep: { status: 400, code: 100, subcode: 2018950, type: 'OAuthException', documented: false,
    message: '(#100) The request body is nested too deeply: at most {max} levels of objects and arrays.' },
  unsupported_content_type: { status: 400, code: 100, subcode: 2018951, type: 'OAuthException', documented: false,
    message: '(#100) Content-Type {type} is not accepted here: send {accepted}.' },
  foreign_origin: { status: 403, code: 10, subcode: 2018952, type: 'OAuthException', documented: false,
    message: '(#10) Refused a request from the web page at {origin}: only tools on this machine may call the fake.' },
  foreign_host: { status: 403, code: 10, subcode: 2018953, type: 'OAuthException', documented: false,
    message: '(#10) Refused a request for host {host}: this server answers to {allowed} (add names with --allow-host).' },
  server_stopping: { status: 503, code: 2, subcode: 2018954, type: 'OAuthException', documented: false,
    message: '(#2) The server is stopping: it accepts no new requests.' },
  headers_too_large: { status: 431, code: 100, subcode: 2018955, type: 'OAuthException', documented: false,
    message: '(#100) The request headers are too large.' },
  malformed_http: { status: 400, code: 100, subcode: 2018956, type: 'OAuthException', documented: false,
    message: '(#100) The request is not valid HTTP: {detail}.' },
  request_timeout: { status: 408, code: 100, subcode: 2018957, type: 'OAuthException', documented: false,
    message: '(#100) The request did not arrive in time.' },
  method_not_allowed: { status: 405, code: 100, subcode: 2018958, type: 'OAuthException', documented: false,
    message: '(#100) Method {method} is not supported.' },

  // As captured from production by client projects (docs/graph-surface.md cites them).
  nonexisting_field: { status: 400, code: 100, type: 'OAuthException', documented: true,
    message: '(#100) Tried accessing nonexisting field ({field}) on node type ({nodeType})' },
  get_started_required: { status: 400, code: 100, subcode: 2018145, type: 'OAuthException', documented: true,
    message: '(#100) You must set a Get Started button if you also wish to use persistent menu.' },
  // Ours (subcodes 2018960–2018979): Meta documents the rule but not its error.
  batch_too_large: { status: 400, code: 100, subcode: 2018960, type: 'OAuthException', documented: false,
    message: '(#100) Too many requests in batch message. Maximum batch size is 50' },
  get_started_in_use: { status: 400, code: 100, subcode: 2018961, type: 'OAuthException', documented: false,
    message: '(#100) The Get Started button cannot be deleted while a persistent menu is set: delete persistent_menu first.' },
  unknown_persona: { status: 400, code: 100, subcode: 2018962, type: 'OAuthException', documented: false,
    message: '(#100) persona_id {id} is not a persona of this page.' },
  unknown_attachment: { status: 400, code: 100, subcode: 2018963, type: 'OAuthException', documented: false,
    message: '(#100) attachment_id {id} is not an attachment uploaded to this page.' },
  no_get_started: { status: 400, code: 100, subcode: 2018964, type: 'OAuthException', documented: false,
    message: '(#100) {detail}' },

  // The Instagram channel. 2534037 is Meta's (Common error codes, S19; the "(#100)" prefix as for 2018001).
  not_thread_owner: { status: 400, code: 100, subcode: 2534037, type: 'OAuthException', documented: true,
    message: "(#100) The action is invalid since it's not the thread owner." },
  // Ours: Meta refuses these too, but we found no capture of its words (docs/choices.md, Instagram).
  not_connected_to_account: { status: 400, code: 10, subcode: 2018990, type: 'OAuthException', documented: false,
    message: '(#10) {detail}' },
  not_on_channel: { status: 400, code: 100, subcode: 2018991, type: 'OAuthException', documented: false,
    message: '(#100) {detail}' },
  // /__admin only, the user's side.
  user_on_other_channel: { status: 400, code: 100, subcode: 2018981, type: 'OAuthException', documented: false,
    message: '(#100) {detail}' },
  nothing_to_read: { status: 400, code: 100, subcode: 2018982, type: 'OAuthException', documented: false,
    message: '(#100) {detail}' },
};

export interface GraphErrorBody {
  error: { message: string; type: string; code: number; error_subcode?: number; fbtrace_id: string };
}

/** An error as a value: what the HTTP layer serializes and the in-process transport hands back. */
export interface GraphError {
  status: number;
  body: GraphErrorBody;
}

export function graphError(key: GraphErrorKey, fbtraceId: string, vars: Record<string, string> = {}): GraphError {
  const spec = GRAPH_ERRORS[key];
  const message = spec.message.replace(/\{(\w+)\}/g, (_, name: string) => vars[name] ?? '');
  // Key order as Meta sends it: message, type, code, error_subcode, fbtrace_id.
  const error: GraphErrorBody['error'] =
    spec.subcode === undefined
      ? { message, type: spec.type, code: spec.code, fbtrace_id: fbtraceId }
      : { message, type: spec.type, code: spec.code, error_subcode: spec.subcode, fbtrace_id: fbtraceId };
  return { status: spec.status, body: { error } };
}
