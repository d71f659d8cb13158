import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crowdScenario } from '../../simulator/crowd.js';

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
});
