/** What the `serve` command names before it loads the server (its defaults, its usage error), so that `--help` stays light. */
/** On stop, how long pending webhook deliveries may still take (`--drain-timeout`). */
export const DEFAULT_DRAIN_TIMEOUT_MS = 3_000;

/** Binding to a non-loopback address without --allow-remote: a usage error, reported without a stack. */
export class RemoteBindRefused extends Error {
  constructor(host: string) {
    super(`refusing to listen on ${host}, which is not a loopback address: anyone who reaches it could drive the fake. Add --allow-remote to do it anyway.`);
  }
}
