import { readNode, requestedFields } from '../fields.js';
import type { EdgeContext, GraphResponse } from '../graph-request.js';

/**
 * GET /me and GET /{page-id}: the page the token acts for. Default fields `name,id`, as Graph answers a
 * node read without `fields` (https://developers.facebook.com/docs/graph-api/batch-requests sample:
 * `{"name":"Page A Name","id":"PAGE-A-ID"}`). `messaging_feature_status` comes from the protocol profile
 * (protocol.md §1.9: `{"messaging_feature_status":{"hop_v2":…,"msgr_multi_app":…,"ig_multi_app":…},"id":…}`).
 */
export function readPage({ platform, caller, params, fail }: EdgeContext<Record<string, unknown>>): GraphResponse {
  const page = platform.world.pages.find((p) => p.id === caller.pageId)!;
  return readNode('Page', page.id, requestedFields(params['fields'], ['name', 'id']), {
    name: page.name,
    messaging_feature_status: platform.profile.messagingFeatureStatus,
  }, fail);
}
