import { describe, expect, it } from 'vitest';
import {
  WEBHOOK_FIELDS,
  routeAppRoles,
  routeEcho,
  routeHandoverEvent,
  routeUserEvent,
  type Listener,
  type WebhookField,
} from '../../../machines/platform/index.js';

/** The routing table (protocol.md §2.3–2.4, HOP v1): who gets what, on which channel. */
const listener = (appId: string, fields: readonly WebhookField[]): Listener => ({ appId, fields: new Set(fields) });

const PRIMARY = listener('1', WEBHOOK_FIELDS);
const SECONDARY = listener('2', WEBHOOK_FIELDS);
/** Subscribed to messages and postbacks but not to standby: hears the thread only while it owns it. */
const NO_STANDBY = listener('3', ['messages', 'messaging_postbacks', 'messaging_handovers']);
/** Subscribed to standby alone. */
const STANDBY_ONLY = listener('4', ['standby']);
const NOTHING_BUT_ECHOES = listener('5', ['message_echoes']);
const ALL = [PRIMARY, SECONDARY, NO_STANDBY, STANDBY_ONLY, NOTHING_BUT_ECHOES];

describe('routeUserEvent', () => {
  it('message, primary owns: primary on messaging; standby subscribers on standby; an app without standby hears nothing', () => {
    expect(routeUserEvent('message', '1', ALL)).toEqual([
      { appId: '1', channel: 'messaging' },
      { appId: '2', channel: 'standby' },
      { appId: '4', channel: 'standby' },
    ]);
  });

  it('message, a secondary owns: it on messaging, the primary on standby', () => {
    expect(routeUserEvent('message', '2', ALL)).toEqual([
      { appId: '1', channel: 'standby' },
      { appId: '2', channel: 'messaging' },
      { appId: '4', channel: 'standby' },
    ]);
  });

  it('the app without standby hears messaging while it owns the thread, nothing once it does not', () => {
    expect(routeUserEvent('message', '3', [NO_STANDBY])).toEqual([{ appId: '3', channel: 'messaging' }]);
    expect(routeUserEvent('message', '1', [NO_STANDBY])).toEqual([]);
    expect(routeUserEvent('postback', '1', [NO_STANDBY])).toEqual([]);
  });

  it('an owner not subscribed to the field hears nothing on messaging', () => {
    expect(routeUserEvent('message', '4', [STANDBY_ONLY])).toEqual([]);
    expect(routeUserEvent('postback', '5', [NOTHING_BUT_ECHOES])).toEqual([]);
  });

  it('standby alone is enough to hear standby (docs/choices.md)', () => {
    expect(routeUserEvent('postback', '1', [STANDBY_ONLY])).toEqual([{ appId: '4', channel: 'standby' }]);
  });

  it('postback: the owner needs messaging_postbacks, not messages', () => {
    const messagesOnly = listener('6', ['messages']);
    const postbacksOnly = listener('7', ['messaging_postbacks']);
    expect(routeUserEvent('postback', '6', [messagesOnly])).toEqual([]);
    expect(routeUserEvent('postback', '7', [postbacksOnly])).toEqual([{ appId: '7', channel: 'messaging' }]);
    expect(routeUserEvent('message', '7', [postbacksOnly])).toEqual([]);
  });

  it('handover inactive (owner null): every app subscribed to the field on messaging, no standby', () => {
    expect(routeUserEvent('message', null, ALL)).toEqual([
      { appId: '1', channel: 'messaging' },
      { appId: '2', channel: 'messaging' },
      { appId: '3', channel: 'messaging' },
    ]);
  });

  it('no listener, no route', () => {
    expect(routeUserEvent('message', '1', [])).toEqual([]);
  });
});

describe('routeHandoverEvent', () => {
  it('to the one app named, on messaging, if it subscribed to messaging_handovers', () => {
    expect(routeHandoverEvent('2', ALL)).toEqual([{ appId: '2', channel: 'messaging' }]);
    expect(routeHandoverEvent('4', ALL)).toEqual([]);
    expect(routeHandoverEvent('9', ALL)).toEqual([]);
  });
});

describe('routeAppRoles', () => {
  it('to every app subscribed to messaging_handovers', () => {
    expect(routeAppRoles(ALL)).toEqual([
      { appId: '1', channel: 'messaging' },
      { appId: '2', channel: 'messaging' },
      { appId: '3', channel: 'messaging' },
    ]);
  });
});

describe('routeEcho', () => {
  it('to every app subscribed to message_echoes, on messaging', () => {
    expect(routeEcho(ALL)).toEqual([
      { appId: '1', channel: 'messaging' },
      { appId: '2', channel: 'messaging' },
      { appId: '5', channel: 'messaging' },
    ]);
  });
});

describe('the routing table through the Platform (owner / standby / inactive, subscriptions)', async () => {
  const { Platform, parseWorld } = await import('../../../fake-graph-api/index.js');
  const hook = (fields: WebhookField[]) => ({ url: 'http://127.0.0.1:9/hook', verifyToken: 'vt', fields });
  const world = () => parseWorld({
    pages: [{
      id: '10', name: 'P',
      apps: [
        { id: '1', name: 'Primary', role: 'primary', accessToken: 't1', appSecret: 's', webhook: hook([...WEBHOOK_FIELDS]) },
        { id: '2', name: 'NoStandby', role: 'secondary', accessToken: 't2', appSecret: 's', webhook: hook(['messages', 'messaging_handovers']) },
        { id: '3', name: 'StandbyOnly', role: 'secondary', accessToken: 't3', appSecret: 's', webhook: hook(['standby']) },
      ],
      users: [{ psid: '20', name: 'U' }],
    }],
  });
  const caller = (appId: string) => ({ appId, pageId: '10' });

  it('an app not subscribed to standby hears messages while it owns the thread and nothing once it does not', () => {
    const platform = new Platform(world());
    const routes = () => {
      const outcome = platform.userWrites('10', '20', { text: 'x' });
      return outcome.ok ? outcome.value.routes : outcome;
    };
    expect(routes()).toEqual([{ appId: '1', channel: 'messaging' }, { appId: '3', channel: 'standby' }]);
    expect(platform.passThreadControl(caller('1'), '20', '2', null)).toEqual({ ok: true, value: null });
    expect(routes()).toEqual([{ appId: '1', channel: 'standby' }, { appId: '2', channel: 'messaging' }, { appId: '3', channel: 'standby' }]);
    expect(platform.takeThreadControl(caller('1'), '20', null)).toEqual({ ok: true, value: null });
    expect(routes()).toEqual([{ appId: '1', channel: 'messaging' }, { appId: '3', channel: 'standby' }]);
  });

  it('an app subscribed to standby only, once owner, hears nothing on messaging (it lacks `messages`)', () => {
    const platform = new Platform(world());
    platform.passThreadControl(caller('1'), '20', '3', null);
    const outcome = platform.userWrites('10', '20', { text: 'x' });
    expect(outcome.ok && outcome.value.routes).toEqual([{ appId: '1', channel: 'standby' }]);
  });

  it('handover inactive: every app subscribed to `messages` on messaging', () => {
    const platform = new Platform(world());
    platform.setRoles('10', '1', []);
    const outcome = platform.userWrites('10', '20', { text: 'x' });
    expect(outcome.ok && outcome.value.routes).toEqual([{ appId: '1', channel: 'messaging' }, { appId: '2', channel: 'messaging' }]);
  });
});
