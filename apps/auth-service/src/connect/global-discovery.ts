import { DiscoveredEnvironment, DomainError, ErrorCode } from '@dua/unified-models';

interface DiscoveryInstance {
  Url?: string;
  ApiUrl?: string;
  FriendlyName?: string;
  UniqueName?: string;
  Region?: string;
  State?: number;
}

/**
 * The Dataverse environments the signed-in user can reach, from the Global Discovery Service, so nobody has to type
 * an environment URL. https://learn.microsoft.com/power-apps/developer/data-platform/webapi/discover-url-organization-web-api
 */
export async function discoverEnvironments(discoveryUrl: string, accessToken: string): Promise<DiscoveredEnvironment[]> {
  let response: Response;
  try {
    response = await fetch(`${discoveryUrl}/api/discovery/v2.0/Instances`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new DomainError(ErrorCode.UPSTREAM_UNAVAILABLE, 'The Global Discovery Service could not be reached');
  }
  if (!response.ok) throw new DomainError(ErrorCode.UPSTREAM_REJECTED, `The Global Discovery Service answered ${response.status}`, { remote: { status: response.status } });
  const body = (await response.json()) as { value?: DiscoveryInstance[] };
  return (body.value ?? [])
    .filter((instance) => typeof instance.Url === 'string' && (instance.State === undefined || instance.State === 0))
    .map((instance) => ({
      url: (instance.Url as string).replace(/\/+$/, ''),
      name: instance.FriendlyName ?? instance.UniqueName ?? (instance.Url as string),
      unique_name: instance.UniqueName ?? '',
      region: instance.Region ?? null,
    }));
}
