import dns from 'node:dns';
import net from 'node:net';
import type { LookupFunction } from 'node:net';

/**
 * Webhook targets are chosen by tenants, so Baton must not become a way into the network it runs
 * in. Every address a target host resolves to is checked, when the webhook is saved and again at
 * each delivery (the name may resolve elsewhere by then: DNS rebinding).
 */
const blocked = new net.BlockList();
for (const [net4, bits] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net4, bits, 'ipv4');
}
for (const [net6, bits] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some stacks)
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
  ['100::', 64], // discard-only
] as const) {
  blocked.addSubnet(net6, bits, 'ipv6');
}

/** The IPv4 address an IPv6 address carries inside it (NAT64, 6to4, IPv4-compatible), if any. */
function embeddedIpv4(address: string): string | null {
  const groups = expandIpv6(address);
  if (!groups) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  if (zeros(0, 6)) return v4(groups[6]!, groups[7]!);
  return null;
}

function expandIpv6(address: string): number[] | null {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (s: string) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  const groups = tail === undefined ? h : [...h, ...Array<number>(8 - h.length - t.length).fill(0), ...t];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

/** True for any address a webhook must not reach: private, loopback, link-local, CGNAT, multicast… */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  if (blocked.check(address, 'ipv6')) return true;
  const inner = embeddedIpv4(address);
  return inner !== null && blocked.check(inner, 'ipv4');
}

export class UnsafeTargetError extends Error {}

/** URL hosts come bracketed when they are IPv6 literals. */
const bareHost = (hostname: string) => hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Refuses URLs that are not http(s) or whose host is, or resolves to, a private address. The
 * message names the host and reason but never echoes credentials embedded in the URL.
 */
export async function assertPublicTarget(rawUrl: string, allowPrivate: boolean): Promise<void> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new UnsafeTargetError('is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsafeTargetError('must be an http:// or https:// URL');
  }
  if (allowPrivate) return;
  const host = bareHost(url.hostname);
  if (net.isIP(host)) {
    if (isPrivateAddress(host)) throw new UnsafeTargetError(`points to a private or reserved address (${host})`);
    return;
  }
  let addresses: dns.LookupAddress[];
  try {
    addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
  } catch {
    throw new UnsafeTargetError(`host ${host} cannot be resolved`);
  }
  // The address itself is not named: it would tell a tenant how internal names resolve.
  if (addresses.some((a) => isPrivateAddress(a.address))) {
    throw new UnsafeTargetError(`host ${host} resolves to a private or reserved address`);
  }
}

/**
 * A `lookup` for http.request that refuses private answers, so the address checked is the very
 * address connected to: no window for the name to change between check and connect.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true, verbatim: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as dns.LookupAddress[];
      if (!allowPrivate && list.some((a) => isPrivateAddress(a.address))) {
        return callback(
          Object.assign(new UnsafeTargetError('host resolves to a private or reserved address'), {
            code: 'EPRIVATE',
          }),
          '',
          0,
        );
      }
      if (options.all) return callback(null, list as unknown as string, 0);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}
