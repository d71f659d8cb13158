/** What `handover-sim doctor` does once its options are parsed; loaded only when that command runs. */
import type { ProfileName } from '../../machines/platform/profile-names.js';
import { loadWorld } from '../../fake-graph-api/world/load-world.js';
import type { WorldInput } from '../../fake-graph-api/world/world.schema.js';
import { diagnose } from '../doctor/diagnose.js';
import { formatDoctorReport } from '../doctor/report.js';
import { readRunningFake, RunningFakeError } from '../doctor/running-fake.js';
import { CastError } from '../doctor/workflows.js';

export interface DoctorOptions {
  world?: string;
  url?: string;
  protocol?: ProfileName;
  automation?: string;
  seed: number;
  json?: boolean;
}

/** 0: every workflow works; 1: something breaks (the report says what); 2: the doctor could not run. */
export async function doctor(opts: DoctorOptions, write: (line: string) => void = console.log): Promise<number> {
  const fail = (message: string) => (console.error(`handover-sim doctor: ${message}`), 2);
  if (opts.world !== undefined && opts.url !== undefined) return fail('give --world or --url, not both');
  if (opts.protocol !== undefined && opts.url === undefined) return fail('--protocol goes with --url (a world file says its own protocol)');
  let world: WorldInput;
  let notes: string[] = [];
  let source: string;
  try {
    if (opts.url !== undefined) {
      ({ world, notes } = await readRunningFake(opts.url, opts.protocol));
      source = opts.url;
    } else {
      world = loadWorld(opts.world); // a bad world file is a WorldError: cli.ts prints it, exit status 2
      source = opts.world ?? 'the built-in world';
    }
    const report = await diagnose(world, { seed: opts.seed, ...(opts.automation !== undefined && { automation: opts.automation }) });
    if (opts.json) write(JSON.stringify({ source, notes, ...report }, null, 2));
    else for (const line of formatDoctorReport(report, source, notes)) write(line);
    return report.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof RunningFakeError || err instanceof CastError) return fail(err.message);
    throw err;
  }
}
