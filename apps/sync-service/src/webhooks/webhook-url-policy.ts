import { BlockList, isIP } from 'node:net';
import { DomainError, ErrorCode } from '@dua/unified-models';

/**
 * Addresses a webhook may never reach in production: loopback, private, link-local (cloud metadata at
 * 169.254.169.254), carrier-grade NAT, multicast, reserved and their IPv6 counterparts. Checked on the URL and again
 * on every address the host resolves to when a delivery connects (DNS can change after the check).
 */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
// (No IPv4-mapped ::ffff:0:0/96 rule: BlockList matches every IPv4 address against it; mapped addresses are refused below.)
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::) addresses reach IPv4 hosts: refused rather than unpacked.
  if (family === 6 && /^(::ffff:|64:ff9b::)/i.test(address)) return false;
  return !NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || /^127\./.test(address);
}

/** What a webhook URL may be: https on a public host; with `allowLocalHttp` also http(s) on 127.0.0.1 / localhost. */
export function checkWebhookUrl(raw: string, allowLocalHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidUrl('is not an absolute URL');
  }
  if (url.username || url.password) throw invalidUrl('must not carry credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || isLoopbackAddress(host);
  if (local && allowLocalHttp) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidUrl('must use http or https');
    return url;
  }
  if (url.protocol !== 'https:') throw invalidUrl('must use https');
  if (local || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local')) throw invalidUrl('must be a public host');
  if (isIP(host) && !isPublicAddress(host)) throw invalidUrl('must be a public address');
  if (!isIP(host) && !host.includes('.')) throw invalidUrl('must be a public host name');
  return url;
}

function invalidUrl(reason: string): DomainError {
  return new DomainError(ErrorCode.VALIDATION_FAILED, `The webhook URL ${reason}`, { errors: [{ field: 'url', message: reason }] });
}
