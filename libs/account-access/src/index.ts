export * from './account-dataverse';
export * from './account-grants';
export * from './account-access.module';
export * from './next-link-cursor';
export * from './dataverse-failures';
