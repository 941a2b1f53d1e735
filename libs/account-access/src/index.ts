export * from './account-dataverse';
export * from './account-access.module';
