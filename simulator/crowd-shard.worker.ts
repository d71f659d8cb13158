import { parentPort, workerData } from 'node:worker_threads';
import { crowdScenario, type CrowdShard } from './crowd.js';
import { shardResultOf, type ShardMessage } from './crowd-run.js';
import { runScenario } from './run-scenario.js';

/** One shard of a crowd run (crowd-run.ts): builds its users' part of the crowd, runs it, sends the result back. */
const { users, seed, shard } = workerData as { users: number; seed: number; shard: CrowdShard };
const post = (m: ShardMessage) => parentPort!.postMessage(m);
const scenario = crowdScenario(users, seed, shard);
post({ type: 'steps', total: scenario.steps.length });
const result = await runScenario(scenario, { seed, trace: false, onStep: (done) => done % 10_000 === 0 && post({ type: 'progress', done }) });
post({ type: 'done', result: shardResultOf(result) });
