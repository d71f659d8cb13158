/** What `handover-sim conform` does once its options are parsed; loaded only when that command runs. */
import { ContractError, loadContract } from '../conformance/contract/contract.schema.js';
import { contractChecks } from '../conformance/contract/contract-checks.js';
import { formatResult, formatSummary } from '../conformance/report/text.report.js';
import { parseReportTarget, writeReport, type ReportTarget } from '../conformance/report/write-report.js';
import { runConformance, selectChecks } from '../conformance/runner.js';
import type { BotRole } from '../conformance/types.js';

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
