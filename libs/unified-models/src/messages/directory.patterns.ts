/** directory-service: the Unified User Directory API (`directory.<resource>.<verb>`). */
export const DirectoryPatterns = {
  ping: 'directory.health.ping',
  listOrganizations: 'directory.organizations.list',
  getOrganization: 'directory.organizations.get',
  listUsers: 'directory.users.list',
  getUser: 'directory.users.get',
} as const;
