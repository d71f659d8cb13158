/** What `handover-sim conform` does once its options are parsed; loaded only when that command runs. */
import { loadContract } from '../conformance/contract/contract.schema.js';
import { freePort } from '../conformance/bot-environment.js';
import { contractChecks } from '../conformance/contract/contract-checks.js';
import type { ProfileName } from '../../machines/platform/profile-names.js';
import { formatAll, formatResult, formatSummary, formatWarnings } from '../conformance/report/text.report.js';
import { parseReportTarget, writeReport, type ReportTarget } from '../conformance/report/write-report.js';
import { formatRootCauses, stderrLines } from '../conformance/root-cause.js';
import { BotNeverUpError, runConformance, runConformanceAll, selectChecks, type ConformanceOptions } from '../conformance/runner.js';
import type { BotRole } from '../conformance/types.js';

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
  protocol: ProfileName | 'all';
  sequential?: boolean;
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
  let all;
  const each = opts.protocol === 'all';
  try {
    const options: ConformanceOptions = {
      webhook,
      ...(botCommand === undefined ? {} : { botCommand }),
      appId: opts.appId,
      appSecret: opts.appSecret,
      verifyToken: opts.verifyToken,
      ...(opts.accessToken === undefined ? {} : { accessToken: opts.accessToken }),
      role: opts.role,
      ...(each ? {} : { protocol: opts.protocol as ProfileName }),
      ...(opts.sequential ? { concurrency: 1 } : {}),
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
        out(`  bot under test: app ${opts.appId} as ${opts.role}, webhook ${webhook}, under ${each ? 'every protocol, one after the other' : opts.protocol}`);
        out(`  waiting up to ${opts.wait} ms for the webhook to answer, then running the checks`);
      },
      onBotStart: (pid) => out(`  the bot runs as process ${pid ?? '(none)'}`),
      ...(opts.verbose ? { onBotLine: (stream: string, line: string) => out(`  [bot ${stream}] ${line}`) } : {}),
      onBotRestart: (after, exit, up) => out(`  the bot went down on ${after} (${exit.how}): started it again${up ? '' : ', but its webhook did not come up'}`),
      // Under every protocol the results come as one table at the end.
      ...(each ? {} : { onResult: (result: Parameters<NonNullable<ConformanceOptions['onResult']>>[0]) => {
        for (const line of formatResult(result, { verbose: opts.verbose ?? false })) out(line);
      } }),
    };
    if (each) all = await runConformanceAll({ ...options, onReport: (r) => out(`  ${r.protocol}: ${r.results.length} checks done`) });
    else report = await runConformance(options);
  } catch (err) {
    // A bad app id, a busy port, a bot that never came up: nothing ran.
    out(`handover-sim conform: ${(err as Error).message}`);
    if (err instanceof BotNeverUpError && err.exit) for (const line of stderrLines({ exit: err.exit.how, stderr: err.exit.stderr })) out(`  ${line}`);
    return 2;
  } finally {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, quit);
  }
  if (all) for (const line of formatAll(all, { verbose: opts.verbose ?? false })) out(line);
  if (report) {
    for (const line of [...formatWarnings(report.protocol, report.warnings), ...formatRootCauses(report.rootCauses)]) out(line);
    out(formatSummary(report));
  }
  const written = (all ?? report)!;
  for (const target of targets) {
    writeReport(written, target);
    out(`  report written: ${target.format} ${target.file}`);
  }
  return written.ok ? 0 : 1;
}
