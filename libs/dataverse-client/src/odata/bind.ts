import { Guid } from './odata-literal';

/**
 * `@odata.bind` members that set lookups on create or update. A polymorphic lookup has one navigation property per
 * target (`parentcustomerid_account`), and a custom lookup's navigation property is its SchemaName (`new_CustomerId`).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api
 */
export function bind(navigationProperty: string, entitySet: string, id: string): Record<string, string> {
  return { [`${navigationProperty}@odata.bind`]: `/${entitySet}(${new Guid(id).value})` };
}

/** Clearing a lookup in an update body: bind it to null. */
export function unbind(navigationProperty: string): Record<string, null> {
  return { [`${navigationProperty}@odata.bind`]: null };
}
