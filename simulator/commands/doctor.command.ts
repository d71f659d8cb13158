import type { Command } from 'commander';
import type { DoctorOptions } from './doctor.run.js';
import { integerOption, protocolOption } from './options.js';

// Registration only: `handover-sim --help` must not load the simulator (see cli.ts).
export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description("play ManyChat's workflows on a page's setup (a world file, or a running fake's pages) and tell what breaks, why, and the fix; exit status 1 when something breaks")
    .option('--world <file>', 'the world file to diagnose (default: the built-in world)')
    .option('--url <url>', 'diagnose the pages of a running fake, read from its GET /__admin/pages (the fake is not changed)')
    .option('--protocol <profile>', 'with --url: the protocol the pages run, when the running fake does not say it', protocolOption)
    .option('--automation <app-id>', 'the automation app (default: an app called ManyChat, else the primary receiver or default app)')
    .option('--seed <n>', 'seed of the simulated ids (the same seed gives the same evidence)', integerOption, 1)
    .option('--json', 'print the report as JSON')
    .action(async (opts: DoctorOptions) => {
      const { doctor } = await import('./doctor.run.js');
      process.exitCode = await doctor(opts);
    });
}
