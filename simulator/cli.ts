import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { loadWorld, WorldError } from '../fake-graph-api/world/load-world.js';
import { runDemo } from './demo.js';
import { serve } from './serve.js';

/** The `handover-sim` command line. */
function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0–65535)');
  return n;
}

export function buildCli(): Command {
  const program = new Command('handover-sim')
    .description("A local fake of Meta's Messenger Handover Protocol: Graph API server, app actors, simulator and checks.")
    .showHelpAfterError();

  program
    .command('serve')
    .description('start the fake Graph API server')
    .option('--world <file>', 'world file (JSON); the built-in default world without it')
    .option('--port <port>', 'port to listen on', port, 3000)
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

  program
    .command('simulate')
    .description("run ManyChat's main workflow end to end against the fake Graph API and print what happened")
    .action(async () => {
      process.exitCode = await runDemo();
    });

  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof WorldError) {
      console.error(`handover-sim: ${err.message}`);
      process.exit(2);
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') {
      console.error(`handover-sim: cannot listen: ${(err as Error).message}`);
      process.exit(2);
    }
    throw err;
  }
}

// Run when started as a script (`tsx simulator/cli.ts …`); the bin shim imports it and calls main itself.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv);
}
