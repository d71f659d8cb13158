// The docs spec's hands inside a block's shell (plain JavaScript: it starts many times per run, and tsx would
// add half a second to each start). specs/docs/support/run-block.ts starts it in three ways:
//
//   node helper.mjs block CONFIG.json     runs one block's script (and the `serve` it needs) and cleans up
//   node helper.mjs npx handover-sim …     what the block's `npx handover-sim …` runs: the project's
//                                          node_modules/.bin/handover-sim, the file npx runs there (npx itself
//                                          costs a second of CPU per start here; the specs run the real
//                                          `npx handover-sim` once per context). A command that serves is
//                                          started, answered once and stopped; `conform --webhook` gets the
//                                          example bot when the block says `bot for conform`
//   node helper.mjs answers URL LINE      a line that serves until stopped: started, URL asked once, stopped
//
// It reports to the file named by DOCS_SPEC_REPORT, one line per fact, and explains a failure on stderr.
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const READY_MS = 60_000;
const env = process.env;

// Every child is started in a process group of its own (so that Ctrl-C can be sent to it alone). Told to stop
// (the spec's timeout), this ends them all, and so everything the block started.
const groups = new Set();
function start(command, args, options) {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid) groups.add(child.pid);
  child.on('exit', () => groups.delete(child.pid));
  return child;
}
process.on('SIGTERM', () => {
  // SIGTERM first, so that a helper among them ends its own children in turn; then whatever is left.
  for (const pid of groups) killGroup(pid, 'SIGTERM');
  setTimeout(() => {
    for (const pid of groups) killGroup(pid, 'SIGKILL');
    process.exit(143);
  }, 1000);
});

function report(line) {
  if (env.DOCS_SPEC_REPORT) appendFileSync(env.DOCS_SPEC_REPORT, `${line}\n`);
}

function say(line) {
  process.stderr.write(`docs-spec: ${line}\n`);
}

/** The status a shell reports for a child: its exit code, or 128 + the signal's number. */
function exited(child) {
  return new Promise((resolve) => {
    child.on('error', (err) => resolve({ code: 127, text: `could not start: ${err.message}` }));
    child.on('exit', (code, signal) => {
      const signals = { SIGINT: 2, SIGTERM: 15, SIGKILL: 9, SIGPIPE: 13 };
      resolve(code !== null ? { code, text: `exit ${code}` } : { code: 128 + (signals[signal] ?? 0), text: `killed by ${signal}` });
    });
  });
}

/** Ctrl-C: SIGINT to the whole process group, as a terminal sends it. */
function interrupt(child) {
  try {
    process.kill(-child.pid, 'SIGINT');
  } catch {
    // already gone
  }
}

function killGroup(pid, signal = 'SIGTERM') {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function get(url) {
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    return res.status;
  } catch (err) {
    return `${err.cause?.code ?? err.message}`;
  }
}

/** Waits until `patterns` have all matched the child's stdout (capture group 1 of each), or it ends first. */
function waitForLines(child, patterns) {
  return new Promise((resolve) => {
    let out = '';
    const timer = setTimeout(() => resolve({ timedOut: true }), READY_MS);
    child.stdout.on('data', (chunk) => {
      out += chunk.toString();
      const found = patterns.map((p) => p.exec(out)?.[1]);
      if (found.every((f) => f !== undefined)) {
        clearTimeout(timer);
        resolve({ urls: found });
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ ended: true });
    });
  });
}

/** `serve …`, `simulate --inspect …`: started as npx starts it, each URL it prints asked once, then Ctrl-C. */
async function serveOnce(args) {
  const patterns = [];
  if (args[0] === 'serve') patterns.push(/listening on (http:\/\/\S+)/);
  if (args.includes('--inspect')) patterns.push(/Stately inspector:? (?:open|at) (http:\/\/[\d.:]+\/)/);
  // Signalled directly, its exit status is its own (npx killed by Ctrl-C would report only the signal).
  const child = start(env.DOCS_SPEC_CLI, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.pipe(process.stdout);
  const status = exited(child);
  const ready = await waitForLines(child, patterns);
  if (!ready.urls) {
    if (ready.timedOut) killGroup(child.pid, 'SIGKILL');
    say(`handover-sim ${args.join(' ')}: ${ready.timedOut ? `printed no URL in ${READY_MS} ms` : `ended before it served (${(await status).text})`}`);
    return 1;
  }
  let ok = true;
  for (const [i, url] of ready.urls.entries()) {
    const asked = i === 0 && args[0] === 'serve' ? `${url}/__admin/health` : url;
    const answer = await get(asked);
    report(`answered GET ${asked} ${answer}`);
    if (answer !== 200) {
      say(`GET ${asked} answered ${answer}, not 200`);
      ok = false;
    }
  }
  interrupt(child);
  const { code, text } = await status;
  report(`stopped with SIGINT: ${text}`);
  if (code !== 0) say(`handover-sim ${args.join(' ')}: stopped with SIGINT, it ended with ${text}, not exit 0`);
  return ok && code === 0 ? 0 : 1;
}

function option(args, name, fallback) {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === name) return args[i + 1];
    if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
  }
  return fallback;
}

/** `conform --webhook URL …` under `bot for conform`: the compliant example bot listens there, pointed at conform's fake. */
async function conformWithBot(args) {
  const webhook = new URL(option(args, '--webhook'));
  const bot = start(process.execPath, [join(env.DOCS_SPEC_EXAMPLES, 'bots', 'compliant-bot.mjs')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...env,
      GRAPH_API_URL: `http://127.0.0.1:${option(args, '--port', '3000')}/v19.0`,
      PAGE_ACCESS_TOKEN: option(args, '--access-token', 'conformance-token'),
      APP_SECRET: option(args, '--app-secret', ''),
      VERIFY_TOKEN: option(args, '--verify-token', ''),
      PORT: webhook.port || '80',
      BOT_QUIET: '1',
    },
  });
  report(`bot for conform on ${webhook.href}`);
  const { code } = await exited(spawn(env.DOCS_SPEC_CLI, args, { stdio: 'inherit' }));
  killGroup(bot.pid);
  return code;
}

async function npx(args) {
  const help = args.includes('--help') || args.includes('-h');
  const serves = args[0] === 'serve' || (args[0] === 'simulate' && args.includes('--inspect'));
  if (!help && serves) return serveOnce(args);
  const startsItsBot = args.includes('--') || args.some((a) => a === '--bot-command' || a.startsWith('--bot-command='));
  if (!help && args[0] === 'conform' && !startsItsBot && env.DOCS_SPEC_BOT_FOR_CONFORM === '1') return conformWithBot(args);
  return (await exited(spawn(env.DOCS_SPEC_CLI, args, { stdio: 'inherit' }))).code;
}

/** A line that serves until stopped (`answers "…" at URL`): in a shell of its own, URL asked until it answers. */
async function answers(url, line) {
  const child = start('bash', ['-c', line], { stdio: ['ignore', 'inherit', 'inherit'] });
  const status = exited(child);
  let answer;
  let gone = false;
  status.then(() => (gone = true));
  for (const started = Date.now(); !gone && Date.now() - started < READY_MS; await new Promise((r) => setTimeout(r, 100))) {
    answer = await get(url);
    if (typeof answer === 'number') break;
  }
  report(`answered GET ${url} ${answer}`);
  interrupt(child);
  const { text } = await status;
  report(`stopped with SIGINT: ${text}`);
  if (typeof answer !== 'number' || answer < 200 || answer > 299) {
    say(`GET ${url} answered ${answer ?? 'nothing'}, not 2xx; the line ended with ${text}`);
    return 1;
  }
  return 0;
}

/** One block: its `serve` first when it needs one, then its script; what the script left running is ended. */
async function block(configFile) {
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  let serve;
  if (config.serve) {
    serve = start(env.DOCS_SPEC_CLI, ['serve', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const serveStatus = exited(serve);
    const ready = await waitForLines(serve, [/listening on (http:\/\/\S+)/]);
    if (!ready.urls) {
      say(`the block's serve did not start: ${ready.timedOut ? 'no URL printed' : (await serveStatus).text}`);
      return 1;
    }
    report(`serve up at ${ready.urls[0]}`);
    serve.status = serveStatus;
  }
  const script = start('bash', [config.script], { stdio: 'inherit' });
  const { code } = await exited(script);
  killGroup(script.pid);
  if (serve) {
    interrupt(serve);
    const { code: serveCode, text } = await serve.status;
    report(`serve stopped: ${text}`);
    if (serveCode !== 0) {
      say(`the block's serve, stopped with SIGINT, ended with ${text}`);
      return code === 0 ? 1 : code;
    }
  }
  return code;
}

const [mode, ...rest] = process.argv.slice(2);
const modes = {
  block: () => block(rest[0]),
  npx: () => npx(rest.slice(1)),
  answers: () => answers(rest[0], rest[1]),
};
if (!modes[mode]) {
  say(`unknown helper mode ${mode}`);
  process.exit(2);
}
process.exit(await modes[mode]());
