/**
 * Every reason the platform can refuse an app's request, in the protocol's own terms.
 * The Graph API layer turns each into Meta's error envelope (fake-graph-api/graph-errors.ts);
 * nothing else decides which refusal applies.
 */
export const REFUSALS = [
  'send_not_owner',               // Send API while another app owns the thread (#10 / 2018300)
  'owner_not_visible',            // a secondary reads the owner while another secondary owns it (#100 / 2018234)
  'no_role',                      // an app with no role calls a handover API (2018171)
  'handover_inactive',            // pass / take / request while the page has no primary or no secondary
  'pass_by_non_owner',            // a secondary passes a thread it does not own
  'target_app_id_required',       // the primary passes without target_app_id
  'incorrect_app_id',             // target_app_id is not an app installed on the page (2018164)
  'target_has_no_role',           // target_app_id is installed but has neither role
  'pass_to_self',                 // the caller names itself as target
  'target_already_owner',         // the target already owns the thread
  'take_by_non_primary',          // only the primary may take
  'already_thread_owner',         // take or request by the app that already owns the thread
  'request_by_primary',           // the primary asks for control instead of taking it
  'metadata_too_long',            // metadata over METADATA_MAX_LENGTH characters
  'secondary_receivers_primary_only', // secondary_receivers read by a non-primary
  'role_for_unknown_app',         // a role change names an app the page does not have
  'role_conflict',                // one app named both primary and secondary
  // HOP v2 and Conversation Routing (issue 11)
  'outside_messaging_window',     // a send more than 24 h after the user's last message, untagged (#10 / 2018278)
  'message_tag_retired',          // MESSAGE_TAG with a tag Meta stopped accepting in 2020
  'release_by_non_owner',         // release_thread_control by an app that does not own the thread (or while idle)
  'extend_by_non_owner',          // extend_thread_control by an app that does not own the thread (or while idle)
  'extend_duration_too_long',     // extend_thread_control with duration over 604800 s
  'pass_not_owner_nor_idle',      // pass by an app that neither owns the thread nor finds it idle
  'take_owned_by_non_primary',    // HOP v2: only the primary takes a thread another app owns
  'take_needs_default_app',       // CR: take_thread_control is blocked unless a default application is set
  'take_not_permitted',           // CR: the app lacks "Allow this app to take control"
  'request_needs_zero_config',    // CR: request_thread_control only without a default application
  'send_idle_not_default_app',    // CR: only the default application sends into an idle thread
  'thread_control_needs_routing', // the Send API's thread_control outside Conversation Routing
  'hop_api_disabled',             // a HOP-only call (roles, secondary_receivers) on a Conversation Routing page
  'not_in_protocol',              // release / extend under HOP v1, which has neither
  // The Instagram channel (issue 23): how Meta words a refusal there (channels/instagram.ts `refusals`)
  'not_thread_owner',             // Instagram: an action by an app that does not own the thread (#100 / 2534037)
] as const;

export type Refusal = (typeof REFUSALS)[number];
