import { describe, expect, it } from 'vitest';
import { lockDifferences, median, runsFromArgv, usersFromArgv } from '../../bench/simulator-scale.bench.js';

describe('the scale bench', () => {
  it('reads --users among bench names, 200 000 by default, and refuses a count that is not one', () => {
    expect(usersFromArgv([])).toBe(200_000);
    expect(usersFromArgv(['scale', '--users', '1000000'])).toBe(1_000_000);
    expect(() => usersFromArgv(['--users', 'lots'])).toThrow('--users needs a positive integer, got lots');
    expect(() => usersFromArgv(['--users', '0'])).toThrow('--users needs a positive integer, got 0');
  });

  it("reuses today's node_modules only when every package the old lockfile pins is at the same version today", () => {
    const old = { packages: { '': { version: '0.1.0' }, 'node_modules/xstate': { version: '5.33.3' } } };
    expect(lockDifferences(old, { packages: { '': { version: '0.2.0' }, 'node_modules/xstate': { version: '5.33.3' }, 'node_modules/multer': { version: '2.5.0' } } })).toEqual([]);
    expect(lockDifferences(old, { packages: { 'node_modules/xstate': { version: '5.34.0' } } })).toEqual(['node_modules/xstate@5.33.3']);
    expect(lockDifferences(old, { packages: {} })).toEqual(['node_modules/xstate@5.33.3']);
  });

  it('runs three alternating pairs up to 200 000 users and one above, unless --runs says', () => {
    expect(runsFromArgv([], 200_000)).toBe(3);
    expect(runsFromArgv(['--users', '1000000'], 1_000_000)).toBe(1);
    expect(runsFromArgv(['--runs', '5'], 1_000_000)).toBe(5);
    expect(() => runsFromArgv(['--runs', '1.5'], 10)).toThrow('--runs needs a positive integer, got 1.5');
  });

  it('reads the verdict from medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});
