import { Option, type Command } from 'commander';
import { PROFILE_NAMES } from '../../machines/platform/profile-names.js';
import { integerOption, portOption } from './options.js';
import type { SimulateOptions } from './simulate.run.js';

// Registration only: `handover-sim --help` must not load the simulator (see cli.ts).
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('run scenarios (default: ManyChat\'s main workflow) and check the protocol\'s invariants')
    .argument('[scenario...]', 'scenario names (see `handover-sim scenarios`)')
    .option('--all', 'run every scenario of the catalogue')
    .option('--seed <n>', 'seed for ids and random users', integerOption, 1)
    .addOption(new Option('--transport <name>', 'how the apps reach the fake').choices(['in-process', 'http']).default('in-process'))
    .addOption(new Option('--protocol <profile>', 'run under this protocol generation (default: each scenario\'s own)').choices(PROFILE_NAMES))
    .option('--users <n>', 'run a seeded crowd of N users instead of the catalogue', integerOption)
    .option('--workers <n>', 'worker threads for a crowd without trace (default: every core from 50 000 users, at most 4; 1: this thread)', integerOption)
    .option('--trace <file.jsonl>', 'write every run\'s trace, one JSON object per line')
    .option('--mermaid <file.md>', 'write every run\'s trace as a Mermaid sequence diagram')
    .option('--echoes', 'show echo deliveries in the timeline')
    .option('--quiet', 'print only the summary')
    .option('--inspect [port]', 'stream every actor to the Stately inspector (relay on 127.0.0.1; stays up until Ctrl-C)', portOption)
    .action(async (names: string[], opts: SimulateOptions) => {
      const { simulate } = await import('./simulate.run.js');
      process.exitCode = await simulate(names, opts);
    });
}
