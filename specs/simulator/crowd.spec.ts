import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byTime, crowdScenario } from '../../simulator/crowd.js';

describe('the seeded crowd', () => {
  // The crowd of seed 7 is the one every scale figure (issue 15, bench/simulator-scale.bench.ts) is measured
  // on, against commit 63417b1: it must stay the very same crowd, byte for byte, whatever its steps are built
  // with. The digest of its steps (who does what, when) was taken at 67a2a9a, before the steps were built with
  // Object.assign instead of a spread; the world around them (its apps' webhook fields) grows with the platform.
  it('is byte for byte the crowd of 67a2a9a for 1000 users, seed 7', () => {
    const scenario = crowdScenario(1000, 7);
    expect(scenario.steps.length).toBe(2708);
    expect(createHash('sha256').update(JSON.stringify(scenario.steps)).digest('hex')).toBe('bd9f01a4695ae34d33ab241a8a33f25650533e640b05dd277d58015475bc537e');
  });

  it('gives every step its time, first after the user and what they do', () => {
    const [first] = crowdScenario(3, 7).steps;
    expect(Object.keys(first!).at(-1)).toBe('at');
    expect(Object.keys(first!)[0]).toBe('user');
  });

  it('orders steps by time, ties in the order drawn: the native sort of packed keys and the comparator sort agree', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(50), { maxLength: 300 }), (times) => {
        const steps = times.map((at, i) => ({ at, i }));
        const reference = [...steps].sort((a, b) => a.at - b.at || a.i - b.i);
        expect(byTime(steps, times)).toEqual(reference);
        // Four index bits: any list of 16 steps or more, or a time past 2^48, takes the comparator sort.
        expect(byTime(steps, times, 4)).toEqual(reference);
      }),
    );
    expect(byTime(['late', 'early'], [2 ** 49, 1], 4)).toEqual(['early', 'late']);
  });
});
