import { describe, expect, it } from 'vitest';
import { runDemo } from '../simulator/demo.js';

describe('the built-in demo (npm run simulate)', () => {
  it('walks ManyChat\'s main workflow and every step answers as expected', async () => {
    const lines: string[] = [];
    expect(await runDemo((l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toContain('"error_subcode":2018300');
  });
});
