import { DomainError, ErrorCode } from '@dua/unified-models';

/**
 * A proxy path is a Dataverse path relative to `/api/data/v9.2/`, never a URL. Anything that could leave the
 * account's environment (an absolute URL, a leading slash, `..` segments, backslashes, and their percent-encoded
 * forms, however often encoded) is refused.
 */
export function checkProxyPath(path: string): string {
  let decoded = path;
  for (let round = 0; round < 4; round++) {
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      throw refused('it is not valid percent-encoding');
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (decoded === '' || decoded.trim() === '') throw refused('it is empty');
  if (/^[a-z][a-z0-9+.-]*:/i.test(decoded) || decoded.includes('//')) throw refused('it is a URL');
  if (decoded.startsWith('/') || decoded.includes('\\')) throw refused('it must be relative to the Web API root');
  if (decoded.split('/').some((segment) => segment === '..' || segment === '.')) throw refused('it contains dot segments');
  if ([...decoded].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f)) throw refused('it contains control characters');
  return path;
}

function refused(reason: string): DomainError {
  return new DomainError(ErrorCode.VALIDATION_FAILED, `The proxy path is refused: ${reason}`, { errors: [{ field: 'path', message: reason }] });
}
