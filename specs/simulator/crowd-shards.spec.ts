import { describe, expect, it } from 'vitest';
import { crowdOutline, crowdScenario } from '../../simulator/crowd.js';
import { crowdUnder, defaultCrowdWorkers, mergeShards, runCrowd, shardHeapMb, shardResultOf, SHARD_FROM_USERS } from '../../simulator/crowd-run.js';
import { runScenario, type RunResult } from '../../simulator/run-scenario.js';

/**
 * A crowd on both cores: its users split into shards that run in worker threads, the results added up.
 * The shards must be the whole crowd (each user in one shard, with exactly the whole crowd's steps), and
 * the merged run must count what the single-threaded run counts.
 */
const users = (r: ReturnType<typeof crowdScenario>) => r.world.pages[0]!.users!.map((u) => u.psid);
const comparable = (r: RunResult) => ({ counters: r.counters, checks: r.checks, violations: r.violations, failedExpectations: r.failedExpectations, ok: r.ok });

describe('crowd shards', () => {
  it('the shards partition the crowd: each user in one shard, with the whole crowd\'s steps for that user, in order', () => {
    const whole = crowdScenario(3000, 7);
    const shards = [0, 1, 2].map((index) => crowdScenario(3000, 7, { index, count: 3 }));
    expect(shards.flatMap(users).sort()).toEqual(users(whole).sort());
    for (const shard of shards) {
      const mine = new Set(users(shard));
      expect(JSON.stringify(shard.steps)).toEqual(JSON.stringify(whole.steps.filter((s) => 'user' in s && mine.has(s.user))));
    }
    // What a report shows of the crowd is the whole crowd's.
    expect({ ...shards[1]!, world: undefined, steps: undefined }).toEqual({ ...whole, world: undefined, steps: undefined });
  });

  it('a crowd small enough to have a broadcast to every thread is never sharded', async () => {
    expect(() => crowdScenario(1000, 7, { index: 0, count: 2 })).toThrow('a crowd of 1000 users has a broadcast to every thread: it cannot be sharded');
    expect(comparable(await runCrowd(300, 7, { workers: 2 }))).toEqual(comparable(await runScenario(crowdScenario(300, 7), { seed: 7, trace: false })));
  });

  it('two workers count exactly what one thread counts, and the same seed gives the same result', async () => {
    const single = await runScenario(crowdScenario(4000, 7), { seed: 7, trace: false });
    const sharded = await runCrowd(4000, 7, { workers: 2 });
    expect(comparable(sharded)).toEqual(comparable(single));
    expect(comparable(await runCrowd(4000, 7, { workers: 2 }))).toEqual(comparable(sharded));
    expect(sharded.checks).toBeGreaterThan(100_000);
    expect(sharded.scenario.name).toBe('crowd-4000');
  }, 60_000);

  it.each(['hop-v2', 'conversation-routing'] as const)('under %s too, two workers count what one thread counts (idle threads and deadlines are per thread)', async (protocol) => {
    const single = await runScenario(crowdUnder(3000, 7, protocol, { index: 0, count: 1 }), { seed: 7, trace: false });
    const sharded = await runCrowd(3000, 7, { workers: 2, protocol });
    expect(comparable(sharded)).toEqual(comparable(single));
    expect(sharded.checks).toBeGreaterThan(50_000);
    expect(sharded.scenario.world.pages[0]!.protocol ?? sharded.scenario.world.profile).toBe(protocol);
  }, 60_000);

  it('merging adds counts, merges refusals by key in sorted order, keeps violations in shard order', () => {
    const shard = (refusals: [string, number][], violation: string, messages: number) => shardResultOf({
      counters: { userMessages: messages, webhookEvents: 2, apiCalls: 3, handovers: 4, requests: 5, refusedSends: new Map(refusals.slice(0, 1)), refusedCalls: 6, refusals: new Map(refusals) },
      checks: 10, violations: [{ invariant: 'one_owner', message: violation }], failedExpectations: [], virtualMs: messages * 100, ok: false,
    } as unknown as RunResult);
    const merged = mergeShards(crowdOutline(5000, 7), 7, [shard([['b x 1', 1], ['a x 2', 2]], 'first', 1), shard([['a x 2', 5]], 'second', 2)]);
    expect({ ...comparable(merged), virtualMs: merged.virtualMs }).toEqual({
      counters: { userMessages: 3, webhookEvents: 4, apiCalls: 6, handovers: 8, requests: 10, refusedSends: new Map([['a x 2', 5], ['b x 1', 1]]), refusedCalls: 12, refusals: new Map([['a x 2', 7], ['b x 1', 1]]) },
      checks: 20,
      violations: [{ invariant: 'one_owner', message: 'first' }, { invariant: 'one_owner', message: 'second' }],
      failedExpectations: [],
      ok: false,
      virtualMs: 200,
    });
    expect([...merged.counters.refusals.keys()]).toEqual(['a x 2', 'b x 1']);
  });

  it('both cores from SHARD_FROM_USERS users, at most four workers', () => {
    expect([defaultCrowdWorkers(SHARD_FROM_USERS - 1, 2), defaultCrowdWorkers(SHARD_FROM_USERS, 2), defaultCrowdWorkers(1_000_000, 16), defaultCrowdWorkers(1_000_000, 1)]).toEqual([1, 2, 4, 1]);
  });

  it('each shard\'s heap budget grows with its users: 160 MB and 1 KiB a user, 2 KiB under a timed profile (a million users on two workers: 649 MB each)', () => {
    expect([shardHeapMb(0, false), shardHeapMb(100_000, false), shardHeapMb(500_000, false), shardHeapMb(500_000, true)]).toEqual([160, 258, 649, 1137]);
  });
});
