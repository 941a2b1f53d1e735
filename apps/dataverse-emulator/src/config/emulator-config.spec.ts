import { optionsFromEnv, resolveConfig } from './emulator-config';

describe('emulator configuration', () => {
  it('reads the documented environment variables', () => {
    const options = optionsFromEnv({
      EMULATOR_PORT: '7171',
      EMULATOR_HOST: '0.0.0.0',
      EMULATOR_ADMIN_TOKEN: 'secret',
      EMULATOR_ORGS: 'contoso, fabrikam ,northwind',
      EMULATOR_SEED_CONTACTS: '100000',
      EMULATOR_SEED_USERS: '3',
      EMULATOR_LIMIT_CONCURRENT: '10',
      EMULATOR_PUBLIC_URL: 'http://emulator:7171/',
    });
    const config = resolveConfig(options);
    expect(config).toMatchObject({
      port: 7171,
      host: '0.0.0.0',
      adminToken: 'secret',
      adminTokenGenerated: false,
      orgs: ['contoso', 'fabrikam', 'northwind'],
      publicUrl: 'http://emulator:7171',
    });
    expect(config.seedSizes.contacts).toBe(100000);
    expect(config.seedSizes.users).toBe(3);
    expect(config.seedSizes.accounts).toBe(200);
    expect(config.limits).toEqual({ requestsPerWindow: 6000, windowSeconds: 300, executionMsPerWindow: 1_200_000, concurrentRequests: 10 });
  });

  it('defaults to port 7070 and generates an admin token', () => {
    const config = resolveConfig(optionsFromEnv({}));
    expect(config.port).toBe(7070);
    expect(config.adminTokenGenerated).toBe(true);
    expect(config.adminToken.length).toBeGreaterThanOrEqual(24);
  });

  it('names invalid variables without echoing their values', () => {
    expect(() => optionsFromEnv({ EMULATOR_PORT: 'seventy', EMULATOR_SEED_CONTACTS: '-1' })).toThrow(
      'Invalid emulator configuration: EMULATOR_SEED_CONTACTS, EMULATOR_PORT must be non-negative integers',
    );
    expect(() => resolveConfig({ orgs: ['Bad Name'] })).toThrow(/lower-case/);
  });
});
