import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DomainError, ErrorCode } from '@dua/unified-models';

/**
 * Where Dataverse environments live in each Microsoft cloud: `https://<org>.crm<N>.dynamics.com` and its sovereign
 * counterparts. https://learn.microsoft.com/power-platform/admin/new-datacenter-regions
 * https://learn.microsoft.com/power-platform/admin/powerapps-us-government#power-apps-us-government-service-urls
 */
export const DYNAMICS_CLOUDS = {
  commercial: /^[a-z0-9][a-z0-9-]*\.crm\d*\.dynamics\.com$/,
  gcc: /^[a-z0-9][a-z0-9-]*\.crm9\.dynamics\.com$/,
  'gcc-high': /^[a-z0-9][a-z0-9-]*\.crm\.microsoftdynamics\.us$/,
  dod: /^[a-z0-9][a-z0-9-]*\.crm\.appsplatform\.us$/,
  china: /^[a-z0-9][a-z0-9-]*\.crm\.dynamics\.cn$/,
} as const;
export type DynamicsCloud = keyof typeof DYNAMICS_CLOUDS;

export interface EnvironmentUrlPolicyConfig {
  cloud: DynamicsCloud;
  /** `host` or `host:port` entries that are allowed whatever they are (a local emulator), over http too. */
  allowedHosts: string[];
}

/** Addresses an environment URL must never lead to: this machine, its networks, cloud metadata services. */
const PRIVATE_RANGES = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE_RANGES.check(mapped, 'ipv4');
  return PRIVATE_RANGES.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export type Lookup = (hostname: string) => Promise<{ address: string }[]>;
const systemLookup: Lookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Which environment URLs auth-service will call (and hand tokens for): https on a Dynamics domain of the configured
 * cloud, resolving to public addresses only; or a host the deployment allows (`ALLOWED_ENVIRONMENT_HOSTS`, e.g. the
 * emulator of `npm start`). Anything else is refused before a request leaves: no SSRF through an environment URL.
 */
export class EnvironmentUrlPolicy {
  constructor(
    private readonly config: EnvironmentUrlPolicyConfig,
    private readonly lookup: Lookup = systemLookup,
  ) {}

  isAllowedHost(url: URL): boolean {
    // `host:port` allows that port only; a bare host, any port.
    return this.config.allowedHosts.some((entry) => entry === url.host || (!/:\d+$/.test(entry) && entry === url.hostname));
  }

  /** Throws `VALIDATION_FAILED` naming `field` and the URL when auth-service must not call it. */
  async check(environmentUrl: string, field = 'environment_url'): Promise<void> {
    let url: URL;
    try {
      url = new URL(environmentUrl);
    } catch {
      throw refused(field, environmentUrl, 'is not a URL');
    }
    if (url.username || url.password) throw refused(field, environmentUrl, 'must not carry credentials');
    if (this.isAllowedHost(url)) return;
    if (url.protocol !== 'https:') throw refused(field, environmentUrl, 'must use https');
    const hostname = url.hostname.toLowerCase();
    if (isIP(hostname.replace(/^\[|\]$/g, '')) || !DYNAMICS_CLOUDS[this.config.cloud].test(hostname) || (url.port !== '' && url.port !== '443')) {
      throw refused(field, environmentUrl, `is not a Dynamics 365 environment of the ${this.config.cloud} cloud (https://<org>.crm.dynamics.com)`);
    }
    let addresses: { address: string }[];
    try {
      addresses = await this.lookup(hostname);
    } catch {
      throw refused(field, environmentUrl, 'does not resolve');
    }
    if (addresses.length === 0 || addresses.some(({ address }) => isPrivateAddress(address))) {
      throw refused(field, environmentUrl, 'resolves to a private, loopback or link-local address');
    }
  }
}

function refused(field: string, url: string, reason: string): DomainError {
  const shown = url.length > 200 ? `${url.slice(0, 200)}…` : url;
  return new DomainError(ErrorCode.VALIDATION_FAILED, `The environment URL ${shown} ${reason}`, { errors: [{ field, message: `${shown} ${reason}` }] });
}
