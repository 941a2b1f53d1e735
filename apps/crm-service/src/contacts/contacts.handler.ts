import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, ContactDto, CrmGetRequestDto, CrmPatterns, ListContactsQueryDto, ListEnvelope } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { CrmReader } from '../common/crm-reader';
import { CONTACTS } from './contacts.resource';

@Controller()
export class ContactsHandler {
  constructor(private readonly reader: CrmReader) {}

  @MessagePattern(CrmPatterns.listContacts)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListContactsQueryDto): Promise<ListEnvelope<ContactDto>> {
    return this.reader.list(context, CONTACTS, query);
  }

  @MessagePattern(CrmPatterns.getContact)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<ContactDto> {
    return this.reader.get(context, CONTACTS, request);
  }
}
