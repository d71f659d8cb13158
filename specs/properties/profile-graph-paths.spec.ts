import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromTransition, type AnyStateMachine, type EventObject } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { PROFILES, createStepper } from '../../machines/platform/index.js';
import { B, GRAPH_WORLDS, PAGE, USER, by, describeOp, eventsOf, inputOf, machineEvent, machineEvents, machineOf, op, worldName, worldOf, type GraphWorld } from './support/profile-machine.js';
import { addsTo, coverageOf, emptyReached, formatCoverage, reach, type CoverageReport } from './support/coverage.js';
import { startHarnessServer, stopHarnessServer, type SystemUnderTest } from './support/harness.js';
import { ProfileCommand, runProfileCase, threadKey, type ProfileOp, type ProfileStep } from './support/profile-harness.js';
import { PROFILE_INVARIANTS, agreesWithProfileModel } from './support/profile-invariants.js';
import * as model from './support/profile-model.js';
import { withGuardsOf } from './support/planted.js';
import { START } from './support/profile-world.arbitrary.js';

/**
 * Model-based tests with xstate/graph for the thread machines of HOP v2 and Conversation Routing (default
 * app, zero-config), like graph-paths.spec.ts does for HOP v1. Paths are generated from each machine
 * (its snapshot plus the clock, the time abstracted to "deadline passed or not, window open or not" so
 * that the graph is finite), extended by one event from every reachable state, and kept while they reach
 * a new state or transition of the machine. Each kept path is replayed over HTTP as the property harness's
 * commands: every step judged by the profile's reference model and every profile invariant, and the
 * platform's owner must be the machine's. Every state and transition must be reached; the coverage is printed.
 */
type ThreadState = { snapshot: ReturnType<ReturnType<typeof createStepper>['start']>['snapshot']; now: number };

/** The thread and the clock as one logic xstate/graph can walk. */
function threadWithClock(w: GraphWorld, events: readonly ProfileOp[]) {
  const stepper = createStepper(machineOf(w.rulebook));
  return fromTransition(
    (state: ThreadState, e: ProfileOp | EventObject) => {
      if (!events.includes(e as ProfileOp)) return state;
      const o = e as ProfileOp;
      const now = o.kind === 'clock' ? state.now + o.advance : state.now;
      const event = machineEvent(w, o, now);
      return { now, snapshot: event === null ? state.snapshot : stepper.step(state.snapshot, event as never).snapshot };
    },
    () => ({ now: START, snapshot: stepper.start(inputOf(w) as never).snapshot }),
  );
}

/** Time abstracted to what the rules compare: the control deadline (passed, within a day, a week, later) and the window. */
function serialize(state: { context: ThreadState }): string {
  const { snapshot, now } = state.context;
  const c = snapshot.context as { owner: string | null; expiresAt: number | null; lastUserMessageAt: number | null };
  const left = c.expiresAt === null ? 'none' : c.expiresAt <= now ? 'passed' : c.expiresAt - now <= model.DAY ? 'day' : c.expiresAt - now <= 7 * model.DAY ? 'week' : 'later';
  const since = c.lastUserMessageAt === null ? 'never' : now - c.lastUserMessageAt <= model.MESSAGING_WINDOW ? 'open' : now - c.lastUserMessageAt <= model.HUMAN_AGENT_WINDOW ? 'human-agent' : 'closed';
  return JSON.stringify([snapshot.value, c.owner, left, since]);
}

/** Shortest paths to every abstract state, then each extended by every event. */
function candidatePaths(w: GraphWorld, events: readonly ProfileOp[]): ProfileOp[][] {
  const shortest = getShortestPaths(threadWithClock(w, events) as never, { events: events as never, serializeState: serialize as never, limit: 100_000 });
  // The first step of each path is xstate's init event: only the commands are kept.
  const heads = shortest.map((p) => p.steps.map((s) => s.event as unknown).filter((e): e is ProfileOp => typeof e === 'object' && e !== null && 'kind' in e));
  heads.sort((a, b) => a.length - b.length);
  return [...heads, ...heads.flatMap((head) => events.map((e) => [...head, e]))];
}

// ---- replay over HTTP ------------------------------------------------------------------------------------

/** Replays a path as harness commands: every profile invariant judges every step, and the owner is the machine's. */
async function replayPath(w: GraphWorld, path: readonly ProfileOp[], sut: SystemUnderTest = {}): Promise<void> {
  const stepper = createStepper(machineOf(w.rulebook));
  let snapshot = stepper.start(inputOf(w) as never).snapshot;
  let now = START;
  let i = 0;
  const judge = (step: ProfileStep) => {
    const o = path[i++]!;
    const where = `${worldName(w)} path ${path.map(describeOp).join(' → ')}, step ${i} (${describeOp(o)})`;
    if (o.kind === 'clock') now += o.advance;
    const event = machineEvent(w, o, now);
    if (event !== null) snapshot = stepper.step(snapshot, event as never).snapshot;
    for (const inv of [agreesWithProfileModel, ...PROFILE_INVARIANTS]) {
      try {
        inv.check(step);
      } catch (e) {
        throw new Error(`${where}: [${inv.id}] ${(e as Error).message}`);
      }
    }
    const c = snapshot.context as { owner: string | null; expiresAt: number | null };
    const owner = c.expiresAt !== null && now >= c.expiresAt ? null : c.owner;
    const observed = step.threadsAfter.get(threadKey(PAGE, USER));
    const shown = observed && observed.expiresAt !== null && now >= observed.expiresAt ? null : observed?.owner;
    expect(shown, `${where}: the platform's owner is the machine's`).toBe(owner);
  };
  await runProfileCase(worldOf(w), path.map((o) => new ProfileCommand(o)), judge, sut);
}

// ---- the specs -------------------------------------------------------------------------------------------

beforeAll(startHarnessServer);
afterAll(stopHarnessServer);

const reports: CoverageReport[] = [];

describe('xstate/graph paths of the HOP v2 and Conversation Routing thread machines, replayed over HTTP', () => {
  const machines = [...new Set(GRAPH_WORLDS.map((w) => w.rulebook.profile))];
  for (const profile of machines) {
    const worlds = GRAPH_WORLDS.filter((w) => w.rulebook.profile === profile);
    it(`${profile}: paths generated in ${worlds.map(worldName).join(', ')} reach every state and transition, and replay over HTTP`, { timeout: 120_000 }, async () => {
      const machine = PROFILES[profile].threadControl as AnyStateMachine;
      const reached = emptyReached();
      let paths = 0;
      let steps = 0;
      for (const w of worlds) {
        const events = eventsOf(w.rulebook);
        for (const path of candidatePaths(w, events)) {
          if (!addsTo(reached, reach(machine, inputOf(w), machineEvents(w, path)), true)) continue;
          await replayPath(w, path);
          paths++;
          steps += path.length;
        }
      }
      const report = coverageOf(profile, machine, reached, paths, steps, 'over HTTP');
      reports.push(report);
      expect(report.states.missing, `${profile}: states no replayed path reaches`).toEqual([]);
      expect(report.transitions.missing, `${profile}: transitions no replayed path takes`).toEqual([]);
    });
  }

  afterAll(() => {
    console.log(formatCoverage(reports));
  });
});

describe('the profile path checks can fail', () => {
  it('a replayed path catches a platform whose control never expires', async () => {
    const world = GRAPH_WORLDS[2]!;
    const path = [op({ kind: 'user' }), op({ kind: 'clock', advance: model.DAY }), by(B, { kind: 'send' })];
    await replayPath(world, path);
    await expect(replayPath(world, path, { options: { profile: withGuardsOf('conversation-routing', { controlExpired: () => false }) } })).rejects.toThrow(/clock\+24h/);
  });
});
