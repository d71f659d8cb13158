import type { Command } from 'commander';
import { runDemo } from '../demo.js';

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description("run ManyChat's main workflow end to end against the fake Graph API and print what happened")
    .action(async () => {
      process.exitCode = await runDemo();
    });
}
