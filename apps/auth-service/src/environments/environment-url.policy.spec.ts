import { DomainError } from '@dua/unified-models';
import { EnvironmentUrlPolicy, isPrivateAddress, Lookup } from './environment-url.policy';

const resolvingTo =
  (...addresses: string[]): Lookup =>
  async () =>
    addresses.map((address) => ({ address }));

async function refusal(policy: EnvironmentUrlPolicy, url: string): Promise<string | undefined> {
  try {
    await policy.check(url);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.details?.errors?.[0]?.field).toBe('environment_url');
    return error.message;
  }
}

describe('EnvironmentUrlPolicy', () => {
  const commercial = new EnvironmentUrlPolicy({ cloud: 'commercial', allowedHosts: [] }, resolvingTo('20.42.1.1'));

  it('accepts https Dynamics domains of the configured cloud that resolve to public addresses', async () => {
    for (const url of ['https://contoso.crm.dynamics.com', 'https://contoso.crm4.dynamics.com', 'https://org-1.crm11.dynamics.com:443']) {
      expect(await refusal(commercial, url)).toBeUndefined();
    }
  });

  it('refuses metadata endpoints, loopback, other hosts, plain http and other clouds, naming the URL', async () => {
    for (const [url, reason] of [
      ['http://169.254.169.254/', 'must use https'],
      ['https://169.254.169.254/', 'is not a Dynamics 365 environment'],
      ['https://127.0.0.1:7070', 'is not a Dynamics 365 environment'],
      ['https://attacker.example', 'is not a Dynamics 365 environment'],
      ['https://contoso.crm.dynamics.com.attacker.example', 'is not a Dynamics 365 environment'],
      ['https://contoso.crm.dynamics.com:8443', 'is not a Dynamics 365 environment'],
      ['https://user:pass@contoso.crm.dynamics.com', 'must not carry credentials'],
      ['https://contoso.crm.microsoftdynamics.us', 'is not a Dynamics 365 environment of the commercial cloud'],
      ['http://contoso.crm.dynamics.com', 'must use https'],
    ]) {
      const message = await refusal(commercial, url);
      expect(message).toContain(url);
      expect(message).toContain(reason);
    }
  });

  it('refuses a Dynamics name that resolves to a private, loopback or link-local address (or to nothing)', async () => {
    for (const address of ['10.1.2.3', '127.0.0.1', '169.254.169.254', '192.168.1.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1']) {
      const policy = new EnvironmentUrlPolicy({ cloud: 'commercial', allowedHosts: [] }, resolvingTo('20.42.1.1', address));
      expect(await refusal(policy, 'https://contoso.crm.dynamics.com')).toContain('resolves to a private, loopback or link-local address');
    }
    const unresolvable = new EnvironmentUrlPolicy({ cloud: 'commercial', allowedHosts: [] }, async () => {
      throw new Error('ENOTFOUND');
    });
    expect(await refusal(unresolvable, 'https://contoso.crm.dynamics.com')).toContain('does not resolve');
  });

  it('accepts the sovereign clouds’ domains when configured for them', async () => {
    const gccHigh = new EnvironmentUrlPolicy({ cloud: 'gcc-high', allowedHosts: [] }, resolvingTo('52.1.1.1'));
    expect(await refusal(gccHigh, 'https://agency.crm.microsoftdynamics.us')).toBeUndefined();
    expect(await refusal(gccHigh, 'https://contoso.crm.dynamics.com')).toContain('gcc-high');
    const china = new EnvironmentUrlPolicy({ cloud: 'china', allowedHosts: [] }, resolvingTo('42.1.1.1'));
    expect(await refusal(china, 'https://contoso.crm.dynamics.cn')).toBeUndefined();
  });

  it('allows exactly the hosts a deployment lists (host:port is that port only), over http too', async () => {
    const local = new EnvironmentUrlPolicy({ cloud: 'commercial', allowedHosts: ['127.0.0.1:7070', 'dataverse.internal'] }, resolvingTo('10.0.0.1'));
    expect(await refusal(local, 'http://127.0.0.1:7070/orgs/contoso')).toBeUndefined();
    expect(await refusal(local, 'https://dataverse.internal:9443')).toBeUndefined();
    expect(await refusal(local, 'https://127.0.0.1:7071')).toContain('is not a Dynamics 365 environment');
  });

  it('classifies addresses', () => {
    expect(isPrivateAddress('100.64.0.1')).toBe(true);
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2606:4700::1111')).toBe(false);
  });
});
