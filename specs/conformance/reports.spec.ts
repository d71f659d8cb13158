import { describe, expect, it } from 'vitest';
import { junitReport } from '../../simulator/conformance/report/junit.report.js';
import { formatAll, formatReport } from '../../simulator/conformance/report/text.report.js';
import { parseReportTarget } from '../../simulator/conformance/report/write-report.js';
import type { ConformanceReport } from '../../simulator/conformance/types.js';

const REPORT: ConformanceReport = {
  protocol: 'conversation-routing',
  webhook: 'http://127.0.0.1:4000/webhook',
  appId: '1234567890',
  role: 'primary',
  graphUrl: 'http://127.0.0.1:3000',
  ok: false,
  durationMs: 2500,
  rootCauses: [],
  warnings: [],
  results: [
    { id: 'webhook-verification', number: 1, title: 'Webhook verification', status: 'pass', summary: 'challenge echoed', excerpt: ['GET … 200'], durationMs: 100 },
    { id: 'only-owner-sends', number: 3, title: 'Never sends <as non-owner>', status: 'fail', summary: 'answered standby "traffic" & more', excerpt: ['  +5ms  → webhook [standby] message "hi"', ' +10ms  ← bot calls POST /me/messages: 400'], durationMs: 1200 },
    { id: 'request-handling', number: 6, title: 'Request handling', status: 'skip', summary: 'only the primary receives request_thread_control', excerpt: [], durationMs: 0 },
    { id: 'redelivery', number: 9, title: 'Redelivery', status: 'warn', summary: 'replied 2 times', excerpt: ['  +1ms  → webhook (redelivery)'], durationMs: 1200 },
  ],
};

describe('conformance reports', () => {
  it('text: one line per check, the excerpt under failures and warnings only', () => {
    expect(formatReport(REPORT).split('\n')).toEqual([
      'handover-sim conform: app 1234567890 as primary at http://127.0.0.1:4000/webhook, under conversation-routing',
      '  PASS   1  webhook-verification   challenge echoed',
      '  FAIL   3  only-owner-sends       answered standby "traffic" & more',
      '                +5ms  → webhook [standby] message "hi"',
      '               +10ms  ← bot calls POST /me/messages: 400',
      '  SKIP   6  request-handling       only the primary receives request_thread_control',
      '  WARN   9  redelivery             replied 2 times',
      '                +1ms  → webhook (redelivery)',
      '1 passed, 1 failed, 1 warned, 1 skipped in 2.5 s under conversation-routing: the bot does NOT conform',
    ]);
  });

  it('JUnit XML: failures carry the excerpt, skips are skipped, warnings pass with a WARNING in system-out', () => {
    expect(junitReport(REPORT)).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="handover-sim conform" tests="4" failures="1" errors="0" skipped="1" time="2.500">',
        '  <testsuite name="handover-sim conform (conversation-routing)" tests="4" failures="1" errors="0" skipped="1" time="2.500">',
        '    <testcase classname="handover-sim.conform.conversation-routing" name="1 webhook-verification: Webhook verification" time="0.100">',
        '      <system-out>challenge echoed\nGET … 200</system-out>',
        '    </testcase>',
        '    <testcase classname="handover-sim.conform.conversation-routing" name="3 only-owner-sends: Never sends &lt;as non-owner&gt;" time="1.200">',
        '      <failure message="answered standby &quot;traffic&quot; &amp; more" type="conformance">answered standby &quot;traffic&quot; &amp; more\n  +5ms  → webhook [standby] message &quot;hi&quot;\n +10ms  ← bot calls POST /me/messages: 400</failure>',
        '    </testcase>',
        '    <testcase classname="handover-sim.conform.conversation-routing" name="6 request-handling: Request handling" time="0.000">',
        '      <skipped message="only the primary receives request_thread_control"/>',
        '    </testcase>',
        '    <testcase classname="handover-sim.conform.conversation-routing" name="9 redelivery: Redelivery" time="1.200">',
        '      <system-out>WARNING: replied 2 times\n  +1ms  → webhook (redelivery)</system-out>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('--report takes junit:FILE or json:FILE', () => {
    expect(parseReportTarget('junit:out/r.xml')).toEqual({ format: 'junit', file: 'out/r.xml' });
    expect(parseReportTarget('json:C:/r.json')).toEqual({ format: 'json', file: 'C:/r.json' });
    expect(() => parseReportTarget('xml:r.xml')).toThrow('--report must be junit:FILE or json:FILE, got xml:r.xml');
  });
});

describe('conformance reports of a bot that went down', () => {
  const cause = 'the bot went down on standby message: root cause 1, TypeError: entry.messaging is not iterable (exit code 1), started again but not back';
  const down = 'not run: the bot is down: conform started it again after root cause 1, but its webhook did not answer the handshake within 10000 ms';
  const DOWN: ConformanceReport = {
    ...REPORT,
    results: [
      { id: 'every-event-answered', number: 2, title: 'Every event', status: 'fail', summary: cause, excerpt: ['what the check saw otherwise: PASS all answered'], durationMs: 900, rootCause: 1 },
      { id: 'only-owner-sends', number: 3, title: 'Only the owner sends', status: 'not-run', summary: 'not judged: root cause 1 came while this check ran', excerpt: [], durationMs: 0, knockedOnBy: 1 },
      { id: 'survives', number: 10, title: 'Survives', status: 'not-run', summary: down, excerpt: [], durationMs: 0 },
    ],
    rootCauses: [{
      after: 'standby message', attributed: 'reproduced', check: 'every-event-answered', failed: ['every-event-answered'], knockedOn: ['only-owner-sends'], times: 2, exit: 'exit code 1',
      error: 'TypeError: entry.messaging is not iterable', frames: ['handle (bot.mjs:1:2)'], stderr: ['TypeError: entry.messaging is not iterable', '    at handle (bot.mjs:1:2)'],
    }],
  };

  it('text: DOWN for a check not run, and one root-cause section with every check it touched and the stack trace', () => {
    expect(formatReport(DOWN).split('\n')).toEqual([
      'handover-sim conform: app 1234567890 as primary at http://127.0.0.1:4000/webhook, under conversation-routing',
      `  FAIL   2  every-event-answered   ${cause}`,
      '              what the check saw otherwise: PASS all answered',
      '  DOWN   3  only-owner-sends       not judged: root cause 1 came while this check ran',
      `  DOWN  10  survives               ${down}`,
      'root cause: one distinct reason the bot went down (2 times in all)',
      '  1. TypeError: entry.messaging is not iterable',
      '     on standby message (it went down again when that event alone was sent to the restarted bot), first in every-event-answered',
      '     failed: every-event-answered',
      '     not judged because of it: only-owner-sends',
      '     the bot ended with exit code 1; its stderr shows:',
      '       | TypeError: entry.messaging is not iterable',
      '       |     at handle (bot.mjs:1:2)',
      '0 passed, 1 failed, 0 warned, 2 not run (the bot is down) in 2.5 s under conversation-routing: the bot does NOT conform',
    ]);
  });

  it('JUnit: a check not run is skipped with its reason, not failed', () => {
    const xml = junitReport(DOWN);
    expect(xml).toContain('<testsuites name="handover-sim conform" tests="3" failures="1" errors="0" skipped="2" time="2.500">');
    expect(xml).toContain(`    <testcase classname="handover-sim.conform.conversation-routing" name="10 survives: Survives" time="0.000">\n      <skipped message="${down}"/>\n    </testcase>`);
  });
});

describe('conformance reports under every protocol (--protocol all)', () => {
  const pass = (id: string, number: number) => ({ id, number, title: id, status: 'pass' as const, summary: 'ok', excerpt: ['+1ms  → webhook'], durationMs: 10 });
  const report = (protocol: ConformanceReport['protocol'], third: ConformanceReport['results'][number], extra: Partial<ConformanceReport> = {}): ConformanceReport => ({
    ...REPORT, protocol, durationMs: 3000, ok: third.status !== 'fail', results: [pass('webhook-verification', 1), pass('only-owner-sends', 3), third], ...extra,
  });
  const RUN = {
    reports: [
      report('hop-v1', pass('request-handling', 6)),
      report('hop-v2', { ...pass('request-handling', 6), status: 'fail', summary: 'refused' }),
      report('conversation-routing', { ...pass('request-handling', 6), status: 'skip', summary: 'not applicable under conversation-routing' }, {
        warnings: [{ endpoint: 'GET /secondary_receivers', calls: 2, why: 'HOP v1 only' }],
      }),
    ],
    ok: false,
    durationMs: 9400,
  };

  it('text: one row per check, one column per protocol; failures and warnings under their protocol; a summary each', () => {
    expect(formatAll(RUN)).toEqual([
      '                                hop-v1  hop-v2  conversation-routing',
      '   1  webhook-verification      PASS    PASS    PASS',
      '   3  only-owner-sends          PASS    PASS    PASS',
      '   6  request-handling          PASS    FAIL    SKIP',
      'under hop-v2:',
      '  FAIL   6  request-handling       refused',
      '              +1ms  → webhook',
      'under conversation-routing:',
      '  WARN      the bot called GET /secondary_receivers 2 time(s), retired under conversation-routing: HOP v1 only',
      '3 passed, 0 failed, 0 warned in 3.0 s under hop-v1: the bot conforms',
      '2 passed, 1 failed, 0 warned in 3.0 s under hop-v2: the bot does NOT conform',
      '2 passed, 0 failed, 0 warned, 1 skipped, 1 retired endpoint(s) called in 3.0 s under conversation-routing: the bot conforms',
      'the bot does NOT conform under every protocol (9.4 s in all)',
    ]);
  });

  it('JUnit: one testsuite per protocol, totals over all; a retired endpoint is a WARNING in its suite', () => {
    const xml = junitReport(RUN).split('\n');
    expect(xml[1]).toBe('<testsuites name="handover-sim conform" tests="9" failures="1" errors="0" skipped="1" time="9.400">');
    expect(xml.filter((l) => l.startsWith('  <testsuite '))).toEqual([
      '  <testsuite name="handover-sim conform (hop-v1)" tests="3" failures="0" errors="0" skipped="0" time="3.000">',
      '  <testsuite name="handover-sim conform (hop-v2)" tests="3" failures="1" errors="0" skipped="0" time="3.000">',
      '  <testsuite name="handover-sim conform (conversation-routing)" tests="3" failures="0" errors="0" skipped="1" time="3.000">',
    ]);
    expect(xml).toContain('    <system-out>WARNING: the bot called GET /secondary_receivers 2 time(s), retired under conversation-routing: HOP v1 only</system-out>');
    expect(xml.filter((l) => l.includes('classname="handover-sim.conform.hop-v2" name="6 request-handling'))).toHaveLength(1);
  });
});
