import { isIP } from 'node:net';

/**
 * Which proxies in front of Tessera may speak for the client in `X-Forwarded-For`: the value is handed
 * to fastify's `trustProxy` unchanged, so it must be one fastify (proxy-addr) accepts.
 *
 * - `false`: ignore the header; the client is the socket's peer.
 * - addresses / CIDRs (comma-separated), or proxy-addr's names `loopback`, `linklocal`, `uniquelocal`:
 *   the socket's peer must be one of them for the header to count at all; then, walking the header from
 *   the right, trusted addresses are skipped and the first untrusted one is the client.
 *
 * Refused, with a message saying what to set instead:
 * - `true`: fastify then takes the LEFT-most address, which the client writes itself, so any client could
 *   choose the IP that the per-IP caps and the audit log see (issue 9, item 5).
 * - a hop count: fastify ≥ 5.12 turns a number into "trust nothing" (a hop count cannot check the
 *   immediate peer, so a client reaching an instance directly could forge its hops). Taking it silently
 *   would put every client behind the balancer's one address and one per-IP cap.
 */
export type TrustProxySetting = false | string;

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const WHAT_TO_SET =
  'name the proxies in front by address or CIDR (e.g. TESSERA_TRUST_PROXY=10.0.0.0/8 for load balancers ' +
  'in that network, or 127.0.0.1 for a local reverse proxy)';

export const TRUST_PROXY_TRUE_REFUSED =
  'trustProxy: `true` would let any client choose its IP through X-Forwarded-For (the left-most hop is ' +
  `the client's own); ${WHAT_TO_SET}`;

export const TRUST_PROXY_HOPS_REFUSED =
  'trustProxy: a hop count cannot tell a proxy from a client that reaches an instance directly and forges ' +
  `its hops (fastify trusts no one when given a number); ${WHAT_TO_SET}`;

/** TESSERA_TRUST_PROXY → setting: `false`/empty is off, anything else a list of addresses/CIDRs. */
export function trustProxyFromEnv(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '' || text.toLowerCase() === 'false') return false;
  // Kept as `true` / a number so that loadConfig refuses them with the one clear message.
  if (text.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  return text;
}

/** Why a trustProxy value is refused, or undefined when fastify may have it. */
export function trustProxyProblem(value: unknown): string | undefined {
  if (value === false || value === undefined) return undefined;
  if (value === true) return TRUST_PROXY_TRUE_REFUSED;
  if (typeof value === 'number') return TRUST_PROXY_HOPS_REFUSED;
  if (typeof value !== 'string') return `trustProxy: expected false or addresses/CIDRs; ${WHAT_TO_SET}`;
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => !isTrustedProxyEntry(entry));
  return bad.length === 0
    ? undefined
    : `trustProxy: not an address, CIDR or range name (loopback, linklocal, uniquelocal): ${bad.map((e) => `'${e}'`).join(', ')}`;
}

function isTrustedProxyEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  // A /0 trusts every address, which is `true` again under another name.
  return bits >= 1 && bits <= (family === 4 ? 32 : 128);
}
