import { DataverseError } from '../errors/dataverse-error';
import { OrgData } from '../org-data';

/**
 * A note's `documentbody` (base64) may not be longer than the organization's `maxuploadfilesize` (default 5 MB,
 * measured on the base64 text): `0x80044a02` "Attachment file size is too big."
 * https://learn.microsoft.com/power-apps/developer/data-platform/file-attachments#file-size-limits
 */
export const DEFAULT_MAX_UPLOAD_FILE_SIZE = 5_242_880;

export function checkAttachmentSize(data: OrgData, documentBody: unknown): void {
  if (typeof documentBody !== 'string') return;
  const limit = maxUploadFileSize(data);
  if (documentBody.length > limit) throw new DataverseError(400, '0x80044a02', 'Attachment file size is too big.');
}

export function maxUploadFileSize(data: OrgData): number {
  const organization = data.registry.table('organization');
  const store = data.store(organization);
  const r = store.order.find((row) => store.alive[row] === 1);
  const value = r === undefined ? null : store.get(r, 'maxuploadfilesize');
  return typeof value === 'number' ? value : DEFAULT_MAX_UPLOAD_FILE_SIZE;
}
