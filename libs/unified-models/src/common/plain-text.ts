import { Matches, ValidationOptions } from 'class-validator';

/**
 * Free text that is stored or compared in Postgres: no control characters (Postgres refuses a NUL byte in text, and
 * none belongs in a reference or a name).
 */
export const PlainText = (options?: ValidationOptions): PropertyDecorator =>
  // eslint-disable-next-line no-control-regex
  Matches(/^[^\u0000-\u001f\u007f]*$/, { message: '$property must not contain control characters', ...options });

/**
 * A Microsoft Entra tenant: its id (a GUID) or a domain name of it (`contoso.onmicrosoft.com`), so that it is safe
 * as a path segment of the authority URL (`..` and friends are not domain names).
 */
export const TENANT_PATTERN =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})$/;
