import { Option, type Command } from 'commander';
import { PROFILE_NAMES, type ProfileName } from '../../machines/platform/profile-names.js';

export function registerScenarios(program: Command): void {
  program
    .command('scenarios')
    .description('list the scenario catalogue (under one protocol generation with --protocol)')
    .addOption(new Option('--protocol <profile>', 'list what runs under this generation, and what does not and why').choices(PROFILE_NAMES))
    .action(async (opts: { protocol?: ProfileName }) => {
      // Loaded when the command runs: `handover-sim --help` must not build the catalogue (see cli.ts).
      const { listScenarios } = await import('./scenarios.run.js');
      for (const line of listScenarios(opts.protocol)) console.log(line);
    });
}

