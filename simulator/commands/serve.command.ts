import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { parseRetention, DEFAULT_SERVE_RETENTION, type Retention } from '../../fake-graph-api/retained-log.js';
import type { ChannelSelection, ProfileName } from '../../machines/platform/profile-names.js';
import { DEFAULT_DRAIN_TIMEOUT_MS } from '../serve-defaults.js';
import { channelOption, integerOption, portOption, protocolOption } from './options.js';

function retentionOption(value: string): Retention {
  const retention = parseRetention(value);
  if (retention === undefined) throw new InvalidArgumentError('must be a whole number of events (0: none) or "all"');
  return retention;
}

const collect = (value: string, previous: string[]) => [...previous, value];

interface ServeFlags {
  world?: string;
  port: number;
  host: string;
  allowRemote?: boolean;
  allowHost: string[];
  quiet?: boolean;
  webhookTimeout: number;
  batch: number;
  retainEvents: Retention;
  drainTimeout: number;
  inspect?: number | true;
  protocol?: ProfileName;
  channel?: ChannelSelection;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the fake Graph API server and deliver webhooks to the apps of the world')
    .option('--world <file>', 'world file (JSON); the built-in default world without it')
    .option('--port <port>', 'port to listen on', portOption, 3000)
    .option('--host <host>', 'address to listen on (loopback; another one needs --allow-remote)', '127.0.0.1')
    .option('--allow-remote', 'allow --host to be a non-loopback address: anyone who reaches it can drive the fake')
    .option('--allow-host <name>', 'also answer requests for this Host name (a tunnel, a LAN name); repeatable', collect, [])
    .option('--quiet', 'no line per webhook delivery')
    .option('--webhook-timeout <ms>', 'a webhook POST not answered 2xx within this is retried', integerOption, 5000)
    .option('--batch <n>', 'most events per webhook POST (1: no batching)', integerOption, 1)
    .option('--retain-events <n>', 'events and delivery records kept for /__admin (0: none, "all": every one)', retentionOption, DEFAULT_SERVE_RETENTION)
    .option('--drain-timeout <ms>', 'on stop, how long pending webhook deliveries may still take', integerOption, DEFAULT_DRAIN_TIMEOUT_MS)
    .option('--inspect [port]', 'stream every page and thread to the Stately inspector (relay on 127.0.0.1; URL printed)', portOption)
    .option('--protocol <name>', 'run every page under this protocol: hop-v1, hop-v2 or conversation-routing (default: the world file\'s)', protocolOption)
    .option('--channel <name>', 'messenger, instagram or all: the Pages alone, or with their Instagram accounts (default: the channels the world has; the built-in world: messenger)', channelOption)
    .action(async (opts: ServeFlags) => {
      // Loaded when the command runs: `handover-sim --help` must not load the server (see cli.ts).
      const [{ loadWorld }, { worldUnder }, { guardProcess, serve, stopServing }, { startInspectorFor }] = await Promise.all([
        import('../../fake-graph-api/world/load-world.js'),
        import('../../fake-graph-api/world/world-under.js'),
        import('../serve.js'),
        import('../inspect/inspect-option.js'),
      ]);
      const world = loadWorld(opts.world, opts.channel);
      const server = await serve(opts.protocol === undefined ? world : worldUnder(world, opts.protocol), {
        port: opts.port,
        host: opts.host,
        allowRemote: opts.allowRemote ?? false,
        allowHosts: opts.allowHost,
        retainEvents: opts.retainEvents,
        quiet: opts.quiet ?? false,
        webhooks: { timeoutMs: opts.webhookTimeout, batch: { maxEvents: Math.max(1, opts.batch) } },
      });
      guardProcess(server);
      const inspector = opts.inspect === undefined ? undefined : await startInspectorFor(server.platform, opts.inspect);
      let stopping = false;
      const stop = async (signal: NodeJS.Signals) => {
        if (stopping) {
          // A second signal: do not wait for the last deliveries; say what is being abandoned.
          console.log(`handover-sim: ${signal} again: quitting now, ${server.dispatcher?.deliveryCounts().pending ?? 0} delivery(ies) abandoned`);
          process.exit(signal === 'SIGINT' ? 130 : 143);
        }
        stopping = true;
        console.log(`handover-sim: stopping; new requests are refused; flushing pending webhook deliveries for at most ${opts.drainTimeout} ms (${signal} again to quit now)`);
        const undelivered = await stopServing(server, console.log, opts.drainTimeout);
        await inspector?.stop();
        console.log(undelivered > 0 ? `handover-sim: stopped with ${undelivered} event(s) undelivered` : 'handover-sim: stopped');
        process.exit(undelivered > 0 ? 1 : 0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
