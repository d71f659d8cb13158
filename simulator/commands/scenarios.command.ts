import type { Command } from 'commander';

export function registerScenarios(program: Command): void {
  program
    .command('scenarios')
    .description('list the scenario catalogue')
    .action(async () => {
      // Loaded when the command runs: `handover-sim --help` must not build the catalogue (see cli.ts).
      const { SCENARIOS } = await import('../scenarios/index.js');
      const width = Math.max(...SCENARIOS.map((s) => s.name.length));
      for (const s of SCENARIOS) console.log(`${s.name.padEnd(width)}  ${s.title}`);
    });
}
