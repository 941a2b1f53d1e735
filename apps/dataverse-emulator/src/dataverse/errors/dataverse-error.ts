/**
 * Dataverse's error envelope `{"error":{"code","message"}}`. The code is an SDK hex code, often `0x0` or empty,
 * and unrelated to the HTTP status.
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors
 */
export class DataverseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Every error the emulator raises on purpose, with Dataverse's code and verbatim message. */
export const dataverseErrors = {
  propertyNotFound: (name: string, table: string) =>
    new DataverseError(400, '0x0', `Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${table}'.`),
  segmentNotFound: (segment: string) =>
    new DataverseError(404, '0x8006088a', `Resource not found for the segment '${segment}'.`),
  noHttpResource: (url: string) =>
    new DataverseError(404, '', `No HTTP resource was found that matches the request URI '${url}'.`),
  recordNotFound: (table: string, id: string) =>
    new DataverseError(404, '0x80040217', `${table} With Id = ${id} Does Not Exist`),
  versionMismatch: () =>
    new DataverseError(412, '0x80060882', "The version of the existing record doesn't match the RowVersion property provided."),
  recordExists: () => new DataverseError(412, '0x80060892', 'A record with matching key values already exists.'),
  queryOptionNotSupported: (option: string) =>
    new DataverseError(400, '0x0', `The query parameter '${option}' is not supported.`),
  badRequest: (message: string, code = '0x0') => new DataverseError(400, code, message),
  invalidBodyProperty: (name: string, table: string) =>
    new DataverseError(
      400,
      '0x0',
      `An error occurred while validating input parameters: Microsoft.Crm.CrmException: Invalid property '${name}' was found in entity 'Microsoft.Dynamics.CRM.${table}'.`,
    ),
  undeclaredProperty: (name: string, entitySet: string) =>
    new DataverseError(
      400,
      '0x80048d19',
      `Error identified in Payload provided by the user for Entity :'${entitySet}'  ---->  InnerException : Microsoft.OData.ODataException: An undeclared property '${name}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
    ),
  expandRefCollection: () =>
    new DataverseError(400, '0x80060888', 'Expand with $ref is only supported on lookup type navigation property.'),
  notWithQueryFunction: () =>
    new DataverseError(400, '0x80040203', 'Not operator along with the Custom Named Condition operators is not allowed'),
  methodNotAllowed: () => new DataverseError(405, '0x80060888', 'The requested resource does not support http method.'),
  internal: (message: string) => new DataverseError(500, '0x80040216', message),
} as const;
