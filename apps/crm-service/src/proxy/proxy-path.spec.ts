import { DomainError, ErrorCode } from '@dua/unified-models';
import { checkProxyPath } from './proxy-path';

const refused = (path: string) => {
  try {
    checkProxyPath(path);
    return false;
  } catch (error) {
    return error instanceof DomainError && error.code === ErrorCode.VALIDATION_FAILED;
  }
};

describe('proxy paths', () => {
  it.each([
    'contacts',
    'contacts(00000000-0000-4000-8000-000000000001)',
    "EntityDefinitions(LogicalName='contact')/Attributes",
    'contacts(00000000-0000-4000-8000-000000000001)/parentcustomerid_account/$ref',
    'WhoAmI',
  ])('accepts the Dataverse path %s', (path) => {
    expect(checkProxyPath(path)).toBe(path);
  });

  it.each([
    'https://evil.example/api',
    '//evil.example/x',
    '/orgs/other/api/data/v9.2/contacts',
    '../other/api/data/v9.2/contacts',
    'contacts/../../../../orgs/other',
    '%2e%2e/other',
    '%252e%252e%252fother',
    'contacts%2F..%2F..%2Fx',
    '..\\x',
    'http:%2F%2Fevil',
    '',
  ])('refuses %s', (path) => {
    expect(refused(path)).toBe(true);
  });
});
