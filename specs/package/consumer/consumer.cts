// A TypeScript consumer compiled to CommonJS: `require` resolves to index.d.cts.
import handoverSim = require('handover-sim');

const start: (options?: handoverSim.FakeGraphApiOptions) => Promise<handoverSim.FakeGraphApi> = handoverSim.startFakeGraphApi;
const appId: string = handoverSim.DEFAULT_BOT_APP_ID;
export = { start, appId };
