import { startServer, type ServeOptions } from '../fake-graph-api/server.js';
import type { World } from '../fake-graph-api/world/world.schema.js';

/** `handover-sim serve`: the fake on a port, what a bot developer needs to point a bot at it, clean stop. */
export async function serve(world: World, options: ServeOptions, write: (line: string) => void = console.log) {
  const server = await startServer(world, options);
  write(`handover-sim: fake Graph API (profile ${world.profile}) listening on ${server.url}`);
  write(`  Graph API base URL: ${server.url} (any /vNN.N prefix, node "me" or the page id)`);
  for (const page of world.pages) {
    write(`  page ${page.id} "${page.name}"`);
    for (const app of page.apps) {
      const token = app.accessToken ? `access_token=${app.accessToken}` : 'played by the fake';
      write(`    ${(app.role ?? 'no role').padEnd(9)} ${app.id.padEnd(16)} ${app.name.padEnd(14)} ${token}`);
    }
  }
  write('  admin routes:');
  for (const route of [
    'GET  /__admin/health',
    'GET  /__admin/pages',
    'POST /__admin/pages/{page}/users/{psid}/messages   {"text":"…"} | {"postback":{"title":"…","payload":"…"}}',
    'POST /__admin/pages/{page}/inbox/{psid}/done',
    'POST /__admin/pages/{page}/inbox/{psid}/move-to-inbox',
    'PUT  /__admin/pages/{page}/roles                   {"primary":"APP_ID"|null,"secondary":["APP_ID",…]}',
    'GET  /__admin/pages/{page}/threads/{psid}',
    'GET  /__admin/events',
    'POST /__admin/reset',
  ]) {
    write(`    ${route}`);
  }
  write('Press Ctrl-C to stop.');
  return server;
}
