import { Option, type Command } from 'commander';
import { DEFAULT_ACCESS_TOKEN } from '../conformance/types.js';
import type { ConformOptions } from './conform.run.js';
import { integerOption, portOption, protocolOrAllOption } from './options.js';

// Registration only: `handover-sim --help` must not load the conformance harness (see cli.ts).
export function registerConform(program: Command): void {
  program
    .command('conform')
    .description('conformance-test a real bot against the fake: webhook handshake, every event kind, the Handover Protocol\'s rules')
    .argument('[command...]', 'after --: start the bot with this command, the fake\'s coordinates in its environment, and restart it if it crashes')
    .option('--webhook <url>', "the bot's webhook URL (default with a bot command: http://127.0.0.1:<free port>/webhook)")
    .option('--bot-command <cmd>', 'start the bot with this shell command (as after --)')
    .requiredOption('--app-id <id>', "the bot's app id")
    .requiredOption('--app-secret <secret>', 'the app secret the bot checks signatures with')
    .requiredOption('--verify-token <token>', 'the verify token of the webhook handshake')
    .option('--access-token <token>', 'the page access token the bot will use', DEFAULT_ACCESS_TOKEN)
    .addOption(new Option('--role <role>', 'the role the bot plays on the page').choices(['primary', 'secondary']).default('primary'))
    .option('--protocol <name>', 'the protocol the page runs: hop-v1, hop-v2, conversation-routing (what production runs now), or all (one column each)', protocolOrAllOption, 'conversation-routing')
    .option('--sequential', 'one check at a time, each stimulus followed by the fixed quiet period (the baseline; default: checks on threads of their own run at once)')
    .option('--port <port>', 'port of the fake Graph API', portOption, 3000)
    .option('--host <host>', 'host of the fake Graph API', '127.0.0.1')
    .option('--only <checks>', 'comma-separated check names or numbers')
    .option('--report <format:file>', 'also write junit:FILE or json:FILE (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--scenario <file>', 'a contract file (YAML or JSON) of what your bot must do; runs alone unless --only names checks too')
    .option('--handover-text <text>', 'what a user writes to make the bot hand over to a human', 'agent')
    .option('--quiet-ms <ms>', 'the longest the bot may take to react to an event (a silent bot costs this long per event)', integerOption, 400)
    .option('--wait <ms>', "how long to wait for the bot's webhook to come up", integerOption, 30_000)
    .option('--verbose', 'print the trace excerpt of every check, not only of failures and warnings')
    .action(async (command: string[], opts: ConformOptions) => {
      const { conform } = await import('./conform.run.js');
      process.exitCode = await conform(opts, console.log, command);
    });
}
