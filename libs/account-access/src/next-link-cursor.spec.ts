import { deflateRawSync } from 'node:zlib';
import { CursorCodec } from '@dua/service-kit';
import { DomainError, ErrorCode } from '@dua/unified-models';
import { decodeNextLink, encodeNextLink } from './next-link-cursor';

const cursors = new CursorCodec('a-cursor-signing-key-of-32-chars-at-least');
const binding = { environment: 'env-1', resource: 'contacts', filters: {} };
/** A paging cookie as Dataverse issues it: XML, percent-encoded twice inside the skiptoken. */
const skiptoken =
  '<cookie pagenumber="2" pagingcookie="%253ccookie%2520page%253d%25221%2522%253e%253ccontactid%2520last%253d%2522%257b1D1D1154-5A1B-4EFE-8FC8-AF73DB2BAEC2%257d%2522%2520first%253d%2522%257b00C547F1-B139-4F1B-BE55-CADD4A8C6E72%257d%2522%2520%252f%253e%253c%252fcookie%253e" istracking="False" />';
const nextLink = `https://contoso.crm.dynamics.com/api/data/v9.2/contacts?$select=fullname,emailaddress1&$skiptoken=${encodeURIComponent(skiptoken)}`;

describe('next-link cursors', () => {
  it('carry the skiptoken and page size of a nextLink', () => {
    expect(decodeNextLink(cursors, encodeNextLink(cursors, nextLink, 100, binding)!, binding)).toEqual({ skiptoken, pageSize: 100 });
  });

  it('read cursors whose cookie was deflated with the default window and hash table (issued before the smaller ones)', () => {
    const earlier = cursors.encode({ s: deflateRawSync(skiptoken).toString('base64url'), n: 50 }, binding);
    expect(decodeNextLink(cursors, earlier, binding)).toEqual({ skiptoken, pageSize: 50 });
  });

  it('keep a nextLink without a skiptoken whole', () => {
    const other = 'https://contoso.crm.dynamics.com/api/data/v9.2/contacts?$select=fullname&$skip=10';
    expect(decodeNextLink(cursors, encodeNextLink(cursors, other, 10, binding)!, binding)).toEqual({ nextLink: other, pageSize: 10 });
  });

  it('are null on the last page', () => {
    expect(encodeNextLink(cursors, undefined, 100, binding)).toBeNull();
  });

  it('refuse a signed cursor whose cookie does not inflate', () => {
    const broken = cursors.encode({ s: Buffer.from('not deflated').toString('base64url'), n: 100 }, binding);
    expect(() => decodeNextLink(cursors, broken, binding)).toThrow(expect.objectContaining({ code: ErrorCode.INVALID_CURSOR }) as DomainError);
  });
});
