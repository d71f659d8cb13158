// A TypeScript consumer (ESM): the exported types must describe what the package really returns.
import { GRAPH_ERRORS, startFakeGraphApi, type ConformanceReport, type FakeGraphApi, type FakeGraphApiOptions, type World } from 'handover-sim';

const options: FakeGraphApiOptions = { bot: { appId: '42', role: 'secondary' }, port: 0 };
const api: FakeGraphApi = await startFakeGraphApi(options);
const world: World = api.world;
const firstPage: string = world.pages[0]!.id;
const owner: string | null = api.thread('3000000001').owner();
const code: number = GRAPH_ERRORS.send_not_owner.code;
declare const report: ConformanceReport;
const ok: boolean = report.ok;
// @ts-expect-error: a role is primary or secondary, nothing else.
const wrong: FakeGraphApiOptions = { bot: { role: 'owner' } };
await api.close();
export { firstPage, owner, code, ok, wrong };
