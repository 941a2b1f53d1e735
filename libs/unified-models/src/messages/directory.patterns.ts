/** directory-service: the Unified User Directory API (`directory.<resource>.<verb>`). */
export const DirectoryPatterns = {
  ping: 'directory.health.ping',
} as const;
