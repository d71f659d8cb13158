import type { Command } from 'commander';
import { SCENARIOS } from '../scenarios/index.js';

export function registerScenarios(program: Command): void {
  program
    .command('scenarios')
    .description('list the scenario catalogue')
    .action(() => {
      const width = Math.max(...SCENARIOS.map((s) => s.name.length));
      for (const s of SCENARIOS) console.log(`${s.name.padEnd(width)}  ${s.title}`);
    });
}
