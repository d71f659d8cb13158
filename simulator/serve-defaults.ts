/** Defaults the `serve` command shows in its help, apart from the server so that `--help` stays light. */
/** On stop, how long pending webhook deliveries may still take (`--drain-timeout`). */
export const DEFAULT_DRAIN_TIMEOUT_MS = 3_000;
