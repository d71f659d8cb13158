import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What a bot that conform starts itself finds in its environment: where the Graph API is, the page
 * access token, the page and app ids, the app secret, the verify token and the port to listen on, under the names the example
 * bots (and most Messenger bot templates) read. NODE_OPTIONS also preloads the redirect, so a Node bot that
 * hard-codes https://graph.facebook.com reaches the fake all the same.
 */
export const REDIRECT_PRELOAD = packageFile('examples/redirect-graph-api.mjs');

/**
 * A file of the package by its path from the package's root: the nearest folder above this module that has
 * it. This module runs from simulator/conformance/ in a clone and from the flat dist/ once installed, so no
 * one relative path finds the root from both.
 */
function packageFile(path: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, path))) return join(dir, path);
    if (dirname(dir) === dir) throw new Error(`handover-sim: ${path} is missing from the package`);
  }
}

export interface BotEnvironmentInput {
  /** The fake's base URL, without a version: `http://127.0.0.1:3000`. */
  graphUrl: string;
  accessToken: string;
  /** The page the bot is on, and its own app id (Meta's sample apps read PAGE_ID and APP_ID). */
  pageId: string;
  appId: string;
  appSecret: string;
  verifyToken: string;
  /** The port the bot's webhook must listen on. */
  port: number;
}

export function botEnvironment(input: BotEnvironmentInput, inherited: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const preload = `--import=${REDIRECT_PRELOAD}`;
  return {
    GRAPH_API_URL: `${input.graphUrl}/v19.0`,
    PAGE_ACCESS_TOKEN: input.accessToken,
    PAGE_ID: input.pageId,
    APP_ID: input.appId,
    APP_SECRET: input.appSecret,
    VERIFY_TOKEN: input.verifyToken,
    PORT: String(input.port),
    HANDOVER_SIM_URL: input.graphUrl,
    NODE_OPTIONS: [inherited['NODE_OPTIONS'], preload].filter(Boolean).join(' '),
  };
}

/** The port a webhook URL names (its scheme's default when it names none). */
export function webhookPort(webhook: string): number {
  const url = new URL(webhook);
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/** A port nothing listens on right now, for a bot conform starts without being told its webhook. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
