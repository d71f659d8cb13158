import { PAGE_INBOX_APP_ID } from '../../machines/platform/index.js';
import type { WorldInput } from './world.schema.js';

/**
 * The world used when no file is given: ManyChat's recommended setup (protocol.md §6): a ManyChat-like
 * bot as primary, a live-chat app and the Page Inbox as secondaries, a few users.
 * No webhooks: events are recorded (GET /__admin/events) and the simulator plays the apps.
 */
export const DEFAULT_WORLD: WorldInput = {
  profile: 'hop-v1',
  pages: [
    {
      id: '1000000001',
      name: 'Acme Shoes',
      apps: [
        { id: '2000000001', name: 'ManyChat', role: 'primary', accessToken: 'tok-primary', appSecret: 'sec-primary' },
        { id: '2000000002', name: 'LiveDesk', role: 'secondary', accessToken: 'tok-secondary', appSecret: 'sec-secondary' },
        { id: PAGE_INBOX_APP_ID, name: 'Page Inbox', role: 'secondary' },
      ],
      users: [
        { psid: '3000000001', name: 'Ann' },
        { psid: '3000000002', name: 'Bo' },
        { psid: '3000000003', name: 'Cy' },
      ],
    },
  ],
};

/**
 * The default world's Instagram account (`--channel instagram|all`): Acme Shoes' linked Instagram
 * professional account, set up as ManyChat's "Conversation Routing for Instagram" asks (protocol.md §6):
 * ManyChat the default application, allowed to take control, as is the live chat; the Instagram Inbox is
 * connected to it without being listed. Ids of 16 digits, like the world's others (real ones have 17).
 */
export const DEFAULT_INSTAGRAM_ACCOUNT = {
  id: '1784140000000001',
  username: 'acme.shoes',
  defaultApp: '2000000001',
  apps: [
    { id: '2000000001', takeControl: true },
    { id: '2000000002', takeControl: true },
  ],
  users: [
    { igsid: '7000000001', username: 'ann.walks', name: 'Ann' },
    { igsid: '7000000002', username: 'bo_runs', name: 'Bo' },
    { igsid: '7000000003', username: 'cy.hikes' },
  ],
} as const;
