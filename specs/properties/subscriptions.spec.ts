import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleGraphRequest, parseWorld, Platform, type RecordedEvent } from '../../fake-graph-api/index.js';
import { WORLD } from '../fake-graph-api/graph/fixtures/world.js';

/**
 * What an app hears follows what it last told `subscribed_apps`, from that call on: across any interleaving
 * of subscription changes, user messages and handovers, LiveDesk receives a `standby` event only while it is
 * subscribed to `standby`, and a user message on `messaging` only while subscribed to `messages`.
 * The planted bug: the subscription is stored but what the apps hear is not recomputed (a Platform whose
 * `subscribe` skips that step), the bug that leaves a bot deaf, or not deaf, until the next role change.
 */
const ACME = '1000000001';
const DESK = '2000000002';
const ANN = '3000000001';
const FIELDS = ['messages', 'messaging_postbacks', 'messaging_handovers', 'standby', 'message_echoes'] as const;

type Step =
  | { kind: 'subscribe'; fields: string[] }
  | { kind: 'unsubscribe' }
  | { kind: 'user_writes' }
  | { kind: 'pass_to_desk' }
  | { kind: 'take_back' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.subarray([...FIELDS], { minLength: 1 }).map((fields) => ({ kind: 'subscribe' as const, fields })),
  fc.constant({ kind: 'unsubscribe' as const }),
  fc.constant({ kind: 'user_writes' as const }),
  fc.constant({ kind: 'pass_to_desk' as const }),
  fc.constant({ kind: 'take_back' as const }),
);

/** A Platform that stores the subscription but forgets to recompute who hears what. */
class StaleSubscriptions extends Platform {
  override subscribe(pageId: string, appId: string, fields: readonly string[]): void {
    this.assets.setSubscription(pageId, appId, fields);
  }
}

function hearsWhatItSubscribed(make: () => Platform) {
  return fc.property(fc.array(step, { minLength: 1, maxLength: 10 }), (steps) => {
    const platform = make();
    let fields: readonly string[] = FIELDS; // the world's starting subscription
    const wrong: string[] = [];
    platform.onEvent((e: RecordedEvent) => {
      if (e.appId !== DESK) return;
      const message = (e.event as { message?: { is_echo?: boolean } }).message;
      if (e.channel === 'standby' && !fields.includes('standby')) wrong.push(`standby while subscribed to [${fields.join(',')}]`);
      if (e.channel === 'messaging' && message && !message.is_echo && !fields.includes('messages')) wrong.push(`a message while subscribed to [${fields.join(',')}]`);
    });
    const graph = (method: string, edge: string, token: string, body: object) =>
      handleGraphRequest(platform, { method, path: `/v19.0/${ACME}/${edge}`, query: { access_token: token }, body });
    for (const s of steps) {
      if (s.kind === 'subscribe') {
        expect(graph('POST', 'subscribed_apps', 'tok-desk', { subscribed_fields: s.fields.join(',') }).status).toBe(200);
        fields = s.fields;
      } else if (s.kind === 'unsubscribe') {
        expect(graph('DELETE', 'subscribed_apps', 'tok-desk', {}).status).toBe(200);
        fields = [];
      } else if (s.kind === 'user_writes') {
        platform.userWrites(ACME, ANN, { text: 'hello' });
      } else if (s.kind === 'pass_to_desk') {
        graph('POST', 'pass_thread_control', 'tok-bot', { recipient: { id: ANN }, target_app_id: DESK });
      } else {
        graph('POST', 'take_thread_control', 'tok-bot', { recipient: { id: ANN } });
      }
    }
    expect(wrong).toEqual([]);
  });
}

const world = parseWorld(WORLD);

describe('an app hears what it subscribed to', () => {
  it('property: standby and messages follow the last subscribed_apps call', () => {
    fc.assert(hearsWhatItSubscribed(() => new Platform(world)), { numRuns: 300, seed: 7 });
  });

  it('planted bug: subscriptions stored but not applied; found and shrunk to a few steps', () => {
    const out = fc.check(hearsWhatItSubscribed(() => new StaleSubscriptions(world)), { numRuns: 300, seed: 7 });
    expect(out.failed).toBe(true);
    expect(out.counterexample![0].length).toBeLessThanOrEqual(3);
    expect(fc.defaultReportMessage(out)).toMatch(/Counterexample/);
  });
});
