import type { MessagingFeatureStatus } from '../../../machines/platform/index.js';
import type { Platform } from '../../platform.js';
import { readNode, requestedFields } from '../fields.js';
import type { EdgeContext, GraphResponse } from '../graph-request.js';

/**
 * GET /me and GET /{page-id}: the page the token acts for. Default fields `name,id`, as Graph answers a
 * node read without `fields` (https://developers.facebook.com/docs/graph-api/batch-requests sample:
 * `{"name":"Page A Name","id":"PAGE-A-ID"}`). `messaging_feature_status` comes from the protocol profile
 * (protocol.md §1.9: `{"messaging_feature_status":{"hop_v2":…,"msgr_multi_app":…,"ig_multi_app":…},"id":…}`);
 * `ig_multi_app` says whether the Page's Instagram account runs Conversation Routing.
 *
 * GET /{ig-account-id} with the Page's token: the Instagram account (Graph's `IGUser` node), its `username`
 * (default fields `username,id`) and the same `messaging_feature_status`.
 */
export function readPage({ platform, caller, node, params, fail }: EdgeContext<Record<string, unknown>>): GraphResponse {
  const page = platform.world.pages.find((p) => p.id === caller.pageId)!;
  const status = featureStatus(platform, page.id);
  const ig = page.instagram;
  if (ig !== undefined && node === ig.id) {
    return readNode('IGUser', ig.id, requestedFields(params['fields'], ['username', 'id']), { username: ig.username, messaging_feature_status: status }, fail);
  }
  return readNode('Page', page.id, requestedFields(params['fields'], ['name', 'id']), { name: page.name, messaging_feature_status: status }, fail);
}

/** The Page's profile's status, with each linked account's channel key set from that account's own profile. */
function featureStatus(platform: Platform, pageId: string): MessagingFeatureStatus {
  const status = { ...platform.profileOf(pageId)!.messagingFeatureStatus };
  const linked = platform.linkedAccountOf(pageId);
  if (linked === undefined) return status;
  // A profile's `msgr_multi_app` says whether it is Conversation Routing; the channel says under which key.
  status[platform.channelOf(linked)!.multiAppStatusKey] = platform.profileOf(linked)!.messagingFeatureStatus.msgr_multi_app;
  return status;
}
