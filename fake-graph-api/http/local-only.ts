import { isIP } from 'node:net';

/**
 * Who may talk to the fake: the developer's own tools on this machine, not a web page they happen to have
 * open. A page on another site reaches a loopback server in two ways, and each leaves a mark:
 * - a cross-site request carries that site's `Origin` (browsers send it on every POST, and on `fetch`);
 * - DNS rebinding points the attacker's own name at 127.0.0.1, so the request carries *that name* as `Host`.
 * So: a Host must be a loopback name, the bound address, or a name given with `--allow-host`; an Origin,
 * when present, must be on such a host (any port: the developer's other local tools are theirs too).
 * Tools that are not browsers (curl, SDKs, bots) send no Origin and are unaffected.
 */
export interface LocalOnlyOptions {
  /** The address the server is bound to (`127.0.0.1` by default). */
  boundHost?: string;
  /** More host names to accept (`--allow-host`), e.g. a tunnel's name or the machine's LAN name. */
  allowHosts?: readonly string[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const UNSPECIFIED = new Set(['0.0.0.0', '::', '']);

export class HostPolicy {
  private readonly names: Set<string>;
  /** Bound to every interface: any IP literal is one of ours (rebinding always uses a name, never an IP). */
  private readonly anyIp: boolean;

  constructor(options: LocalOnlyOptions = {}) {
    const bound = normalize(options.boundHost ?? '127.0.0.1');
    this.anyIp = UNSPECIFIED.has(bound);
    this.names = new Set([...LOOPBACK_NAMES, ...(this.anyIp ? [] : [bound]), ...(options.allowHosts ?? []).map(normalize)]);
  }

  /** A Host header's host name (without port) is ours; no Host at all (HTTP/1.0 tools) is allowed. */
  allowsHost(host: string | undefined): boolean {
    if (host === undefined) return true;
    const name = hostnameOf(`http://${host}`);
    return name !== undefined && this.allowsName(name);
  }

  /** No Origin (not a browser) is allowed; `null` (sandboxed or file: pages) and foreign sites are not. */
  allowsOrigin(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    if (!/^https?:\/\//i.test(origin)) return false;
    const name = hostnameOf(origin);
    return name !== undefined && this.allowsName(name);
  }

  /** The names accepted, for the refusal's message. */
  describe(): string {
    return [...this.names].join(', ') + (this.anyIp ? ' and any IP address' : '');
  }

  private allowsName(name: string): boolean {
    return this.names.has(name) || (name.startsWith('127.') && isIP(name) === 4) || (this.anyIp && isIP(name) !== 0);
  }
}

function normalize(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

function hostnameOf(url: string): string | undefined {
  try {
    return normalize(new URL(url).hostname);
  } catch {
    return undefined;
  }
}

/** What a refusal needs to say, or undefined when the request may proceed. */
export type Foreign = { kind: 'foreign_host'; host: string } | { kind: 'foreign_origin'; origin: string };

/** Checks one request's Host, Origin and Sec-Fetch-Site (a browser's own word that the caller is another site). */
export function foreignRequest(policy: HostPolicy, headers: { host?: string; origin?: string; 'sec-fetch-site'?: string }): Foreign | undefined {
  if (!policy.allowsHost(headers.host)) return { kind: 'foreign_host', host: headers.host ?? '' };
  if (!policy.allowsOrigin(headers.origin)) return { kind: 'foreign_origin', origin: headers.origin ?? '' };
  if (headers['sec-fetch-site'] === 'cross-site') return { kind: 'foreign_origin', origin: headers.origin ?? 'another site' };
  return undefined;
}

/** Is this address loopback? `serve` needs an explicit flag to bind anything else. */
export function isLoopback(host: string): boolean {
  const name = normalize(host);
  return name === 'localhost' || name === '::1' || (name.startsWith('127.') && isIP(name) === 4);
}
