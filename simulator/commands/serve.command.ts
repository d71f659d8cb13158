import type { Command } from 'commander';
import { loadWorld } from '../../fake-graph-api/world/load-world.js';
import { serve } from '../serve.js';
import { portOption } from './options.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the fake Graph API server')
    .option('--world <file>', 'world file (JSON); the built-in default world without it')
    .option('--port <port>', 'port to listen on', portOption, 3000)
    .option('--host <host>', 'host to listen on', '127.0.0.1')
    .action(async (opts: { world?: string; port: number; host: string }) => {
      const server = await serve(loadWorld(opts.world), { port: opts.port, host: opts.host });
      const stop = async () => {
        await server.close();
        console.log('handover-sim: stopped');
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
