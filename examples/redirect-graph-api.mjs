// For a bot that hard-codes https://graph.facebook.com: preload this module and its Graph API calls go to
// handover-sim instead, with no change to the bot's code.
//
//   HANDOVER_SIM_URL=http://127.0.0.1:3000 node --import ./examples/redirect-graph-api.mjs my-bot.js
//
// It rewrites requests for graph.facebook.com (and graph.facebook.com's www-less aliases below) made with
// the global fetch (undici) and with node:https request/get (axios, request, node-fetch use these).
import http from 'node:http';
import https from 'node:https';

const target = new URL(process.env.HANDOVER_SIM_URL ?? 'http://127.0.0.1:3000');
const HOSTS = new Set(['graph.facebook.com', 'graph.instagram.com']);

const redirectUrl = (url) => {
  const u = new URL(url);
  if (!HOSTS.has(u.hostname)) return null;
  return new URL(`${u.pathname}${u.search}`, target);
};

const originalFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = typeof input === 'string' || input instanceof URL ? String(input) : input.url;
  const moved = redirectUrl(url);
  if (!moved) return originalFetch(input, init);
  return input instanceof Request ? originalFetch(new Request(moved, input), init) : originalFetch(moved, init);
};

/** https.request(url?, options?, callback?) for a Graph host becomes http(s).request to the fake. */
const wrap = (original) => (...args) => {
  const url = typeof args[0] === 'string' || args[0] instanceof URL ? new URL(String(args[0])) : null;
  const options = url ? (typeof args[1] === 'object' ? args[1] : {}) : (args[0] ?? {});
  const host = url?.hostname ?? options.hostname ?? options.host?.split(':')[0];
  if (!HOSTS.has(host)) return original(...args);
  const path = url ? `${url.pathname}${url.search}` : (options.path ?? '/');
  const callback = args.find((a) => typeof a === 'function');
  const { agent: _agent, ...rest } = options;
  const moved = { ...rest, protocol: target.protocol, hostname: target.hostname, host: undefined, port: target.port, path, headers: { ...options.headers, host: target.host } };
  const client = target.protocol === 'https:' ? https : http;
  return client.request(moved, callback);
};
const request = wrap(https.request);
https.request = request;
https.get = (...args) => {
  const req = request(...args);
  req.end();
  return req;
};
