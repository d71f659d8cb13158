import { describe, expect, it } from 'vitest';
import { crowdScenario } from '../../simulator/crowd.js';
import { runScenario } from '../../simulator/run-scenario.js';
import { SCENARIOS, findScenario } from '../../simulator/scenarios/index.js';

describe('same scenario and seed, same trace', () => {
  it('a catalogue scenario gives a byte-identical trace run after run', async () => {
    const scenario = findScenario('broadcast-with-agents')!;
    const a = await runScenario(scenario, { seed: 42 });
    const b = await runScenario(scenario, { seed: 42 });
    expect(a.trace.toJsonl().length).toBeGreaterThan(1000);
    expect(b.trace.toJsonl()).toBe(a.trace.toJsonl());
  });

  it('a seeded crowd is the same crowd for the same seed, and another for another seed', async () => {
    const a = await runScenario(crowdScenario(60, 7));
    const b = await runScenario(crowdScenario(60, 7));
    const c = await runScenario(crowdScenario(60, 8));
    expect(a.ok).toBe(true);
    expect(b.trace.toJsonl()).toBe(a.trace.toJsonl());
    expect(c.trace.toJsonl()).not.toBe(a.trace.toJsonl());
    expect(c.ok).toBe(true);
  });

  it("the app hosts' transition tables change nothing: every scenario and a crowd give the same trace with them and without them", async () => {
    for (const scenario of [...SCENARIOS, crowdScenario(300, 3)]) {
      const remembered = await runScenario(scenario, { seed: 5 });
      const computed = await runScenario(scenario, { seed: 5, stepMemo: false });
      expect(remembered.trace.entries.length, scenario.name).toBeGreaterThan(5);
      expect(remembered.trace.toJsonl(), scenario.name).toBe(computed.trace.toJsonl());
      expect(remembered.protocolEvents, scenario.name).toEqual(computed.protocolEvents);
    }
  });

  it('trace times are virtual: a day-long scenario takes no wall time to speak of and says so in its trace', async () => {
    const result = await runScenario(findScenario('primary-takes-back')!);
    expect(result.virtualMs).toBe(15 * 60_000 + 5_000);
    expect(result.trace.entries.at(-1)!.t).toBe(result.virtualMs);
  });
});
