import { parentPort, workerData } from 'node:worker_threads';
import type { ProfileName } from '../machines/platform/profile-names.js';
import type { CrowdShard } from './crowd.js';
import { crowdUnder, shardResultOf, type ShardMessage } from './crowd-run.js';
import { runScenario } from './run-scenario.js';

/** One shard of a crowd run (crowd-run.ts): builds its users' part of the crowd, runs it, sends the result back. */
const { users, seed, protocol, shard } = workerData as { users: number; seed: number; protocol: ProfileName | undefined; shard: CrowdShard };
const post = (m: ShardMessage) => parentPort!.postMessage(m);
const scenario = crowdUnder(users, seed, protocol, shard);
post({ type: 'steps', total: scenario.steps.length });
const result = await runScenario(scenario, { seed, trace: false, onStep: (done) => done % 10_000 === 0 && post({ type: 'progress', done }) });
post({ type: 'done', result: shardResultOf(result) });
