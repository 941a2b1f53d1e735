import { Readable } from 'node:stream';
import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CallContext, CrmAccountQueryDto, CrmPatterns, DomainError, IdParamDto, NoteDto } from '@dua/unified-models';
import { CallerContext } from '../auth/caller';
import { ApiProblems } from '../problems/api-problems.decorator';
import { UNIFIED_READ_PROBLEMS } from '../problems/unified-read-problems';
import { ServiceClient } from '../transport/service-client';

/** Base64 characters decoded per chunk: a multiple of 4, so every chunk decodes on its own (48 KB of file each). */
const BASE64_CHUNK = 65_536;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
const FALLBACK_MEDIA_TYPE = 'application/octet-stream';

/**
 * `GET /unified/crm/notes/{id}/attachment`: the note's file. The bytes cross NATS once, as the base64 text Dataverse
 * keeps (one reply, under the bus's `max_payload`), and the gateway decodes that buffer chunk by chunk into the
 * response: the decoded file is never held in memory whole, next to its base64.
 */
@ApiTags('CRM')
@ApiBearerAuth()
@ApiProblems(...UNIFIED_READ_PROBLEMS)
@Controller('unified/crm/notes')
export class NoteAttachmentController {
  constructor(private readonly services: ServiceClient) {}

  @Get(':id/attachment')
  @ApiOperation({ operationId: 'getNoteAttachment', summary: 'Download the file of a note', description: 'Streams the file with its `Content-Type` and file name (`Content-Disposition: attachment`). A note without a file answers 404.' })
  @ApiProduces(FALLBACK_MEDIA_TYPE)
  @ApiOkResponse({ description: 'The file, with the media type it was uploaded with.', schema: { type: 'string', format: 'binary' } })
  async attachment(@CallerContext() caller: CallContext, @Param() params: IdParamDto, @Query() query: CrmAccountQueryDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<StreamableFile> {
    const request = { ...query, id: params.id };
    const note = await this.services.send<NoteDto>(CrmPatterns.getNote, request, caller);
    if (!note.has_attachment) throw DomainError.notFound(`The attachment of note ${params.id}`);
    // The reply is a JSON string of base64 characters, which need no escaping: its bytes between the quotes.
    const json = await this.services.sendJson(CrmPatterns.getNoteAttachment, request, caller);
    const encoded = json.subarray(1, json.length - 1);
    // User-supplied content is served as a download, never rendered on the API's origin.
    void reply.header('x-content-type-options', 'nosniff');
    return new StreamableFile(decodeBase64Chunks(encoded), {
      type: note.mime_type && MEDIA_TYPE.test(note.mime_type) ? note.mime_type : FALLBACK_MEDIA_TYPE,
      disposition: contentDisposition(note.file_name ?? 'attachment'),
      length: decodedLength(encoded),
    });
  }
}

function decodeBase64Chunks(encoded: Buffer): Readable {
  return Readable.from(
    (function* chunks() {
      for (let start = 0; start < encoded.length; start += BASE64_CHUNK) yield Buffer.from(encoded.toString('latin1', start, Math.min(start + BASE64_CHUNK, encoded.length)), 'base64');
    })(),
  );
}

function decodedLength(encoded: Buffer): number {
  if (encoded.length === 0) return 0;
  const padding = (encoded[encoded.length - 1] === 0x3d ? 1 : 0) + (encoded[encoded.length - 2] === 0x3d ? 1 : 0);
  return (encoded.length / 4) * 3 - padding;
}

/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 form (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
