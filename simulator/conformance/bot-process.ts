import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The bot under test as a child process that conform started itself (`conform -- <command…>`): its
 * output is kept (the last lines of stderr are the stack trace of a crash), its exit is noticed, and it
 * can be started again with the same command and environment so that the checks after a crash still
 * talk to a live bot.
 */
export interface BotProcessOptions {
  /** An argv (run as is) or one string (run by the shell, as `--bot-command` gives it). */
  command: readonly string[] | string;
  env: Record<string, string>;
  cwd?: string;
  /** How many of the last stderr lines to keep (default 200: a bot that logs a lot still shows its crash whole). */
  keepLines?: number;
  /** Each line the bot writes, as it comes (the CLI prints them under --verbose). */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
  /** Told the process id at each start. */
  onStart?: (pid: number | undefined) => void;
}

export interface BotExit {
  /** `exit code 1`, `signal SIGKILL`. */
  how: string;
  /** The last lines the bot wrote to stderr before it ended. */
  stderr: string[];
}

export class BotProcess {
  private child: ChildProcess | undefined;
  private stderr: string[] = [];
  private waiters: ((exit: BotExit) => void)[] = [];
  private crashListeners: ((exit: BotExit) => void)[] = [];
  private stopping = false;
  /** How many times the bot was started (1 after the first start). */
  starts = 0;
  /** The last exit, until the next start. */
  exited: BotExit | undefined;

  constructor(private readonly options: BotProcessOptions) {}

  get description(): string {
    return typeof this.options.command === 'string' ? this.options.command : this.options.command.join(' ');
  }

  start(): void {
    this.stderr = [];
    this.exited = undefined;
    this.starts++;
    const { command } = this.options;
    const env = { ...process.env, ...this.options.env };
    // Its own process group: stop() ends the bot and whatever it started (a shell's child, npm's node).
    const spawnOptions = { env, cwd: this.options.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] as ('ignore' | 'pipe')[] };
    const child = typeof command === 'string'
      ? spawn(command, { ...spawnOptions, shell: true })
      : spawn(command[0]!, command.slice(1), spawnOptions);
    this.child = child;
    // Its own process group does not hear conform's Ctrl-C: when conform ends, however it ends, so does the bot.
    const orphaned = () => signalGroup(child, 'SIGTERM');
    process.on('exit', orphaned);
    child.once('close', () => process.off('exit', orphaned));
    this.options.onStart?.(child.pid);
    lines(child.stdout!, (line) => this.options.onLine?.('stdout', line));
    lines(child.stderr!, (line) => {
      this.stderr.push(line);
      if (this.stderr.length > (this.options.keepLines ?? 200)) this.stderr.shift();
      this.options.onLine?.('stderr', line);
    });
    child.once('error', (err) => this.ended(child, `could not start: ${err.message}`));
    // 'close', not 'exit': by then stderr is read to its end, stack trace included.
    child.once('close', (code, signal) => this.ended(child, signal ? `signal ${signal}` : `exit code ${code}`));
  }

  /** Resolves with the exit once the process has ended, or undefined after `ms` if it still runs. */
  waitForExit(ms: number): Promise<BotExit | undefined> {
    if (this.exited || !this.child) return Promise.resolve(this.exited);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((l) => l !== listener);
        resolve(undefined);
      }, ms);
      const listener = (exit: BotExit) => {
        clearTimeout(timer);
        resolve(exit);
      };
      this.waiters.push(listener);
    });
  }

  /** Ends the bot (SIGTERM to its process group, SIGKILL if it lingers) and waits for it. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || this.exited) return;
    this.stopping = true;
    signalGroup(child, 'SIGTERM');
    if (!(await this.waitForExit(2000))) {
      signalGroup(child, 'SIGKILL');
      await this.waitForExit(2000);
    }
  }

  /** Told each exit that conform did not cause (a crash, or the bot quitting). */
  onExit(listener: (exit: BotExit) => void): () => void {
    this.crashListeners.push(listener);
    return () => {
      this.crashListeners = this.crashListeners.filter((l) => l !== listener);
    };
  }

  private ended(child: ChildProcess, how: string): void {
    if (child !== this.child || this.exited) return;
    this.exited = { how, stderr: [...this.stderr] };
    for (const waiter of this.waiters.splice(0)) waiter(this.exited);
    if (!this.stopping) for (const listener of this.crashListeners) listener(this.exited);
  }
}

function lines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const part of parts) each(part.replace(/\r$/, ''));
  });
  stream.on('end', () => rest && each(rest));
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    child.kill(signal); // the group is gone already, or there is none
  }
}
