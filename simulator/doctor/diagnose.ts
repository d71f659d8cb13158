import { PAGE_INBOX_APP_ID } from '../../machines/platform/ids.js';
import { parseWorld } from '../../fake-graph-api/world/load-world.js';
import type { World, WorldInput } from '../../fake-graph-api/world/world.schema.js';
import { runScenario, SIMULATION_EPOCH } from '../run-scenario.js';
import { findingsOf, type Finding } from './findings.js';
import { EvidenceRecorder } from './recorder.js';
import { judgeWorkflows, type WorkflowResult } from './verdicts.js';
import { pageSetup, type PageSetup } from './words.js';
import { automationApp, doctorScenario, doctorScript, doctorWorld, DOCTOR_USERS } from './workflows.js';

/**
 * `handover-sim doctor` and `diagnose()`: plays the seed's workflows on a copy of each page of a world, under
 * the page's own protocol, with the simulator's actors and the fake's platform, and tells the page's owner what
 * breaks, why, and what to change. Nothing of the world given is changed.
 */
export interface DiagnoseOptions {
  /** The automation app's id on every page (default: an app called ManyChat, else the primary or default app). */
  automation?: string;
  /** Seed of the platform's ids (fbtrace_id, mids): the same seed gives the same evidence, byte for byte. */
  seed?: number;
}

export interface PageDiagnosis {
  pageId: string;
  pageName: string;
  protocol: World['profile'];
  automation: { id: string; name: string };
  setup: PageSetup;
  /** Whether every workflow works: no finding. */
  ok: boolean;
  findings: Finding[];
  workflows: WorkflowResult[];
  /** What the doctor did to the copy it played (users it wrote to, the Page Inbox it added). */
  notes: string[];
}

export interface DoctorReport {
  ok: boolean;
  pages: PageDiagnosis[];
}

export async function diagnose(input: WorldInput | World, options: DiagnoseOptions = {}): Promise<DoctorReport> {
  const world = parseWorld(input, 'the world to diagnose');
  const pages: PageDiagnosis[] = [];
  for (const page of world.pages) pages.push(await diagnosePage(world, page, options));
  return { ok: pages.every((p) => p.ok), pages };
}

async function diagnosePage(world: World, page: World['pages'][number], options: DiagnoseOptions): Promise<PageDiagnosis> {
  const automation = automationApp(page, options.automation);
  const { world: copy, cast } = doctorWorld(world, page, automation);
  const protocol = copy.profile;
  const script = doctorScript(cast);
  const recorder = new EvidenceRecorder(SIMULATION_EPOCH);
  const result = await runScenario(doctorScenario(copy, cast, script), {
    seed: options.seed ?? 1,
    trace: false,
    wrapTransport: recorder.wrap,
    onStep: (done) => void (recorder.step = done),
  });
  const workflows = judgeWorkflows(cast, script, recorder.records);
  const setup = pageSetup(page, protocol);
  const findings = findingsOf(setup, cast, workflows, recorder.records);
  return {
    pageId: page.id,
    pageName: page.name,
    protocol,
    automation: cast.automation,
    setup,
    ok: findings.length === 0,
    findings,
    workflows,
    notes: notesOf(page, cast.users.length, result.violations.map((v) => v.message)),
  };
}

function notesOf(page: World['pages'][number], users: number, violations: string[]): string[] {
  const notes: string[] = [];
  if (page.users.length === 0) notes.push(`the page has no users: the doctor wrote as ${users} stand-in users`);
  else if (page.users.length > DOCTOR_USERS) notes.push(`the page has ${page.users.length} users: the doctor wrote to the first ${users}`);
  if (!page.apps.some((a) => a.id === PAGE_INBOX_APP_ID)) notes.push('the world does not list the Page Inbox: the doctor played it as every Facebook Page has it, installed with no role');
  // An invariant broken in the doctor's own run is a bug of handover-sim, not of the page: say so.
  for (const v of violations) notes.push(`handover-sim broke one of its own invariants (please report it): ${v}`);
  return notes;
}
