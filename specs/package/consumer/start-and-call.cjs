// A CommonJS script, as `node start-and-call.cjs` runs it: start the fake, call an endpoint, close it.
const { startFakeGraphApi } = require('handover-sim');

(async () => {
  const api = await startFakeGraphApi();
  const owner = await fetch(`${api.url}/v19.0/me/thread_owner?recipient=3000000001&access_token=${api.accessToken}`);
  // The inspector page is a file the package reads from disk: it must travel in the tarball, beside dist/.
  const inspector = await fetch(`${api.url}/__inspector`);
  const page = await inspector.text();
  console.log(JSON.stringify({ status: owner.status, body: await owner.json(), inspector: [inspector.status, page.split('\n')[0]] }));
  await api.close();
})();
