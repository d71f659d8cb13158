import { Option, type Command } from 'commander';
import { ContractError, loadContract } from '../conformance/contract/contract.schema.js';
import { freePort } from '../conformance/bot-environment.js';
import { DEFAULT_ACCESS_TOKEN } from '../conformance/harness.js';
import { contractChecks } from '../conformance/contract/contract-checks.js';
import { formatResult, formatSummary } from '../conformance/report/text.report.js';
import { parseReportTarget, writeReport, type ReportTarget } from '../conformance/report/write-report.js';
import { formatRootCauses, stderrLines } from '../conformance/root-cause.js';
import { BotNeverUpError, runConformance, selectChecks } from '../conformance/runner.js';
import type { BotRole } from '../conformance/types.js';
import { integerOption, portOption } from './options.js';

export interface ConformOptions {
  /** Required unless conform starts the bot (then `http://127.0.0.1:<a free port>/webhook` by default). */
  webhook?: string;
  /** `--bot-command "<cmd>"`: run by the shell. */
  botCommand?: string;
  appId: string;
  appSecret: string;
  verifyToken: string;
  accessToken?: string;
  role: BotRole;
  port: number;
  host: string;
  only?: string;
  report?: string[];
  scenario?: string;
  handoverText: string;
  quietMs: number;
  wait: number;
  verbose?: boolean;
}

/**
 * Runs `conform`; answers the exit status: 0 conforms (warnings allowed), 1 a check failed, 2 bad usage or
 * a bot that never came up. `command` is what follows `--`: the bot to start.
 */
export async function conform(opts: ConformOptions, out: (line: string) => void = console.log, command: readonly string[] = []): Promise<number> {
  let targets: ReportTarget[];
  let extra;
  const only = opts.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const botCommand = command.length > 0 ? command : opts.botCommand;
  let webhook = opts.webhook;
  try {
    if (command.length > 0 && opts.botCommand !== undefined) throw new Error('give the bot\'s command either after -- or with --bot-command, not both');
    if (webhook === undefined && botCommand === undefined) throw new Error("--webhook <url> is required unless conform starts the bot (conform -- <command…>, or --bot-command)");
    webhook ??= `http://127.0.0.1:${await freePort()}/webhook`;
    targets = (opts.report ?? []).map(parseReportTarget);
    selectChecks(only);
    extra = opts.scenario ? contractChecks(loadContract(opts.scenario)) : [];
  } catch (err) {
    out(`handover-sim conform: ${(err as Error).message}`);
    return 2;
  }
  // Ctrl-C or a kill ends conform through process.exit, so the bot it started is ended with it (bot-process.ts).
  const quit = (signal: NodeJS.Signals) => process.exit(signal === 'SIGINT' ? 130 : 143);
  if (botCommand !== undefined) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, quit);
  let report;
  try {
    report = await runConformance({
      webhook,
      ...(botCommand === undefined ? {} : { botCommand }),
      appId: opts.appId,
      appSecret: opts.appSecret,
      verifyToken: opts.verifyToken,
      ...(opts.accessToken === undefined ? {} : { accessToken: opts.accessToken }),
      role: opts.role,
      port: opts.port,
      host: opts.host,
      ...(only ? { only } : {}),
      // With --scenario and no --only, the contract runs alone: the user asked about their own bot's rules.
      ...(opts.scenario && !only ? { skipBuiltIn: true } : {}),
      extraChecks: extra,
      handoverText: opts.handoverText,
      quietMs: opts.quietMs,
      waitForBotMs: opts.wait,
      onReady: ({ graphUrl, accessToken, botEnv }) => {
        out(`handover-sim conform: the fake Graph API listens on ${graphUrl}`);
        if (botEnv) {
          out(`  starting the bot: ${typeof botCommand === 'string' ? botCommand : botCommand!.join(' ')}`);
          out(`  with in its environment: ${Object.keys(botEnv).join(', ')}`);
          for (const [name, value] of Object.entries(botEnv)) out(`    ${name}=${value}`);
        } else {
          out(`  point the bot at it: Graph API base URL ${graphUrl} (any /vNN.N prefix is accepted, e.g. ${graphUrl}/v19.0)`);
          out(`                       page access token  ${accessToken}`);
        }
        out(`  bot under test: app ${opts.appId} as ${opts.role}, webhook ${webhook}`);
        out(`  waiting up to ${opts.wait} ms for the webhook to answer, then running the checks`);
      },
      onBotStart: (pid) => out(`  the bot runs as process ${pid ?? '(none)'}`),
      ...(opts.verbose ? { onBotLine: (stream: string, line: string) => out(`  [bot ${stream}] ${line}`) } : {}),
      onBotRestart: (after, exit, up) => out(`  the bot went down after ${after} (${exit.how}): started it again${up ? '' : ', but its webhook did not come up'}`),
      onResult: (result) => {
        for (const line of formatResult(result, { verbose: opts.verbose ?? false })) out(line);
      },
    });
  } catch (err) {
    // A bad app id, a busy port, a bot that never came up: nothing ran.
    out(`handover-sim conform: ${(err as Error).message}`);
    if (err instanceof BotNeverUpError && err.exit) for (const line of stderrLines({ exit: err.exit.how, stderr: err.exit.stderr })) out(`  ${line}`);
    return 2;
  } finally {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, quit);
  }
  for (const line of formatRootCauses(report.rootCauses)) out(line);
  out(formatSummary(report));
  for (const target of targets) {
    writeReport(report, target);
    out(`  report written: ${target.format} ${target.file}`);
  }
  return report.ok ? 0 : 1;
}

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
    .option('--port <port>', 'port of the fake Graph API', portOption, 3000)
    .option('--host <host>', 'host of the fake Graph API', '127.0.0.1')
    .option('--only <checks>', 'comma-separated check names or numbers')
    .option('--report <format:file>', 'also write junit:FILE or json:FILE (repeatable)', (v: string, all: string[] = []) => [...all, v])
    .option('--scenario <file>', 'a contract file (YAML or JSON) of what your bot must do; runs alone unless --only names checks too')
    .option('--handover-text <text>', 'what a user writes to make the bot hand over to a human', 'agent')
    .option('--quiet-ms <ms>', 'the bot is done reacting after this long without a call or delivery', integerOption, 400)
    .option('--wait <ms>', "how long to wait for the bot's webhook to come up", integerOption, 30_000)
    .option('--verbose', 'print the trace excerpt of every check, not only of failures and warnings')
    .action(async (command: string[], opts: ConformOptions) => {
      process.exitCode = await conform(opts, console.log, command);
    });
}
