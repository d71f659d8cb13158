import { Option, type Command } from 'commander';
import { ContractError, loadContract } from '../conformance/contract/contract.schema.js';
import { DEFAULT_ACCESS_TOKEN } from '../conformance/harness.js';
import { contractChecks } from '../conformance/contract/contract-checks.js';
import { formatResult, formatSummary } from '../conformance/report/text.report.js';
import { parseReportTarget, writeReport, type ReportTarget } from '../conformance/report/write-report.js';
import { runConformance, selectChecks } from '../conformance/runner.js';
import type { BotRole } from '../conformance/types.js';
import { integerOption, portOption } from './options.js';

export interface ConformOptions {
  webhook: string;
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

/** Runs `conform`; answers the exit status: 0 conforms (warnings allowed), 1 a check failed, 2 bad usage. */
export async function conform(opts: ConformOptions, out: (line: string) => void = console.log): Promise<number> {
  let targets: ReportTarget[];
  let extra;
  const only = opts.only?.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    targets = (opts.report ?? []).map(parseReportTarget);
    selectChecks(only);
    extra = opts.scenario ? contractChecks(loadContract(opts.scenario)) : [];
  } catch (err) {
    out(`handover-sim conform: ${(err as Error).message}`);
    return 2;
  }
  let report;
  try {
    report = await runConformance({
      webhook: opts.webhook,
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
      onReady: ({ graphUrl, accessToken }) => {
        out(`handover-sim conform: the fake Graph API listens on ${graphUrl}`);
        out(`  point the bot at it: Graph API base URL ${graphUrl} (any /vNN.N prefix is accepted, e.g. ${graphUrl}/v19.0)`);
        out(`                       page access token  ${accessToken}`);
        out(`  bot under test: app ${opts.appId} as ${opts.role}, webhook ${opts.webhook}`);
        out(`  waiting up to ${opts.wait} ms for the webhook to answer, then running the checks`);
      },
      onResult: (result) => {
        for (const line of formatResult(result, { verbose: opts.verbose ?? false })) out(line);
      },
    });
  } catch (err) {
    // A bad app id, a busy port: nothing ran.
    out(`handover-sim conform: ${(err as Error).message}`);
    return 2;
  }
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
    .requiredOption('--webhook <url>', "the bot's webhook URL")
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
    .action(async (opts: ConformOptions) => {
      process.exitCode = await conform(opts);
    });
}
