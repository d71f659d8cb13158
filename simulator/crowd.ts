import { createRandom, type Random } from '../fake-graph-api/random.js';
import { MANYCHAT, PAGE_INBOX, manychatActors, manychatCast, routedActors, type Scenario, type ScenarioStep } from './scenario.js';

/**
 * `--users N`: a crowd of N users on ManyChat's recommended setup with the Page Inbox as LiveChat app, each
 * following one of the common stories, at random (seeded) times, so that many threads are open at once.
 */
type Story = (psid: string, random: Random) => { after: number; step: ScenarioStep }[];

const gap = (random: Random) => 2_000 + random.int(28_000);

const STORIES: readonly (readonly [string, Story, number])[] = [
  ['chats with the bot', (u, r) => [
    { after: 0, step: { user: u, says: 'hi' } },
    { after: gap(r), step: { user: u, says: 'what are your opening hours?' } },
  ], 35],
  ['taps a button', (u) => [{ after: 0, step: { user: u, taps: { title: 'Get started', payload: 'GET_STARTED' } } }], 10],
  ['talks to a human in the Page Inbox', (u, r) => [
    { after: 0, step: { user: u, says: 'agent' } },
    { after: gap(r), step: { inbox: 'reply', user: u, text: 'Hi, this is Jo from the shop.' } },
    { after: gap(r), step: { user: u, says: 'my order is late' } },
    { after: gap(r), step: { inbox: 'done', user: u } },
    { after: gap(r), step: { user: u, says: 'thanks' } },
  ], 20],
  ['asks LiveDesk for a human', (u, r) => [
    { after: 0, step: { user: u, says: 'I need a human' } },
    { after: gap(r), step: { user: u, says: 'order 42 never arrived' } },
    { after: gap(r), step: { user: u, says: 'thanks, bye' } },
  ], 20],
  ['changes their mind', (u, r) => [
    { after: 0, step: { user: u, says: 'agent' } },
    { after: gap(r), step: { user: u, says: 'bot' } },
  ], 15],
];

/**
 * One of `count` parts of a crowd: the users whose number is `index` modulo `count`, with their steps. Every
 * user's story and times are drawn as in the whole crowd (the same seeded stream), so a shard's steps are
 * exactly the whole crowd's steps of its users, in the same order (specs/simulator/crowd-shards.spec.ts).
 */
export interface CrowdShard {
  index: number;
  count: number;
}

/** Above this many users a crowd has no page-wide step (the broadcast), so its threads never meet: it can be sharded. */
export const LARGEST_CROWD_WITH_BROADCAST = 1000;

/** The crowd's scenario without its users and steps: what a run's report needs (the name, the cast). */
export function crowdOutline(users: number, seed: number): Scenario {
  return {
    name: `crowd-${users}`,
    title: `${users} users at once on ManyChat's recommended setup, seed ${seed}`,
    story: `A seeded crowd: ${STORIES.map(([name, , w]) => `${w}% ${name}`).join(', ')}.`,
    world: manychatCast({ users: [] }),
    apps: manychatActors({ liveChatAppId: PAGE_INBOX }, {}, true),
    steps: [],
    expect: {},
    paceMs: 0,
    // The same crowd under the later generations (`simulate --users N --protocol …`): the page's HOP set-up
    // adopted by each (its profile's `adoptHopPage`); the stories stay, the rules that judge them change.
    under: {
      'hop-v2': { differences: 'ManyChat stays primary with roles set: each new thread is idle until its user writes; control ends 24 h after the last user message.' },
      'conversation-routing': {
        differences: 'ManyChat is the default app; LiveDesk has the take permission and takes the threads whose users ask for a human (a request would be refused: there is a default app); an idle thread goes to ManyChat when its user writes.',
        apps: routedActors({ liveChatAppId: PAGE_INBOX }, {}, true),
      },
    },
  };
}

/** The stories as `random.weighted` takes them: built once, not once a user. */
const WEIGHTED_STORIES = STORIES.map(([, story, weight]) => [story, weight] as const);

export function crowdScenario(users: number, seed: number, shard: CrowdShard = { index: 0, count: 1 }): Scenario {
  if (shard.count > 1 && users <= LARGEST_CROWD_WITH_BROADCAST) throw new Error(`a crowd of ${users} users has a broadcast to every thread: it cannot be sharded`);
  const random = createRandom(seed);
  const people: { psid: string; name: string }[] = [];
  // Start times spread so that about a few thousand threads are active at any moment.
  const window = Math.max(60_000, users * 20);
  const steps: ScenarioStep[] = [];
  const times: number[] = [];
  for (let i = 0; i < users; i++) {
    const mine = i % shard.count === shard.index;
    const psid = String(3_100_000_000 + i);
    if (mine) people.push({ psid, name: `User ${i + 1}` });
    const story = random.weighted(WEIGHTED_STORIES);
    let at = random.int(window);
    for (const { after, step } of story(psid, random)) {
      at += after;
      if (!mine) continue;
      // Object.assign, not `{ ...step, at }`: V8 gave nearly every spread copy a hidden class of its own (44 k
      // shapes for 20 k users, ~400 bytes each); assigned copies share one per kind of step. Same keys, same order.
      steps.push(Object.assign({}, step, { at }));
      times.push(at);
    }
  }
  const broadcastAt = Math.floor(window / 2);
  return {
    ...crowdOutline(users, seed),
    world: manychatCast({ users: people }),
    steps: byTime(steps, times).concat(users <= LARGEST_CROWD_WITH_BROADCAST ? [{ at: broadcastAt + window, app: MANYCHAT, broadcast: 'Thanks for shopping with us!' }] : []),
  };
}

/**
 * The steps in time order, steps at the same time in the order they were drawn. Each (time, index) pair is one
 * exact double (time * 2^23 + index), sorted natively: a million users' steps without a comparator called
 * 30 million times. Past those bounds (over 8 M steps in one shard) a comparator sort does the same.
 */
export function byTime<T>(steps: readonly T[], times: readonly number[], indexBits = 23): T[] {
  const slots = 2 ** indexBits;
  if (steps.length >= slots || times.some((t) => t >= 2 ** (52 - indexBits))) {
    return steps.map((step, i) => ({ step, at: times[i]!, i })).sort((a, b) => a.at - b.at || a.i - b.i).map((t) => t.step);
  }
  const keys = new Float64Array(steps.length);
  for (let i = 0; i < steps.length; i++) keys[i] = times[i]! * slots + i;
  keys.sort();
  const sorted = new Array<T>(steps.length);
  for (let i = 0; i < keys.length; i++) sorted[i] = steps[keys[i]! % slots]!;
  return sorted;
}
