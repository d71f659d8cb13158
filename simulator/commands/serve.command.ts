import type { Command } from 'commander';
import { integerOption, portOption } from './options.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the fake Graph API server and deliver webhooks to the apps of the world')
    .option('--world <file>', 'world file (JSON); the built-in default world without it')
    .option('--port <port>', 'port to listen on', portOption, 3000)
    .option('--host <host>', 'host to listen on', '127.0.0.1')
    .option('--quiet', 'no line per webhook delivery')
    .option('--webhook-timeout <ms>', 'a webhook POST not answered 2xx within this is retried', integerOption, 5000)
    .option('--batch <n>', 'most events per webhook POST (1: no batching)', integerOption, 1)
    .option('--inspect [port]', 'stream every page and thread to the Stately inspector (relay on 127.0.0.1; URL printed)', portOption)
    .action(async (opts: { world?: string; port: number; host: string; quiet?: boolean; webhookTimeout: number; batch: number; inspect?: number | true }) => {
      // Loaded when the command runs: `handover-sim --help` must not load the server (see cli.ts).
      const [{ loadWorld }, { serve, stopServing }, { startInspectorFor }] = await Promise.all([
        import('../../fake-graph-api/world/load-world.js'),
        import('../serve.js'),
        import('../inspect/inspect-option.js'),
      ]);
      const server = await serve(loadWorld(opts.world), {
        port: opts.port,
        host: opts.host,
        quiet: opts.quiet ?? false,
        webhooks: { timeoutMs: opts.webhookTimeout, batch: { maxEvents: Math.max(1, opts.batch) } },
      });
      const inspector = opts.inspect === undefined ? undefined : await startInspectorFor(server.platform, opts.inspect);
      let stopping = false;
      const stop = async () => {
        if (stopping) process.exit(1); // a second Ctrl-C: do not wait for the last deliveries
        stopping = true;
        console.log('handover-sim: stopping; flushing pending webhook deliveries (Ctrl-C again to quit now)');
        await inspector?.stop();
        await stopServing(server);
        console.log('handover-sim: stopped');
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
