import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CallContext, ContactDto, CrmGetRequestDto, CrmPatterns, ListContactsQueryDto, ListEnvelope, CreateContactRequestDto, CrmCreateOutcome, CrmDeleteRequestDto, UpdateContactRequestDto, SerializedJson } from '@dua/unified-models';
import { RpcCallContext, RpcPayload } from '@dua/service-kit';
import { CrmReader } from '../common/crm-reader';
import { CrmWriter } from '../common/crm-writer';
import { CONTACTS } from './contacts.resource';

@Controller()
export class ContactsHandler {
  constructor(
    private readonly reader: CrmReader,
    private readonly writer: CrmWriter,
  ) {}

  @MessagePattern(CrmPatterns.listContacts)
  list(@RpcCallContext() context: CallContext, @RpcPayload() query: ListContactsQueryDto): Promise<SerializedJson<ListEnvelope<ContactDto>>> {
    return this.reader.list(context, CONTACTS, query);
  }

  @MessagePattern(CrmPatterns.getContact)
  get(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmGetRequestDto): Promise<ContactDto> {
    return this.reader.get(context, CONTACTS, request);
  }

  @MessagePattern(CrmPatterns.createContact)
  create(@RpcCallContext() context: CallContext, @RpcPayload() request: CreateContactRequestDto): Promise<CrmCreateOutcome> {
    return this.writer.create(context, CONTACTS, request);
  }

  @MessagePattern(CrmPatterns.updateContact)
  update(@RpcCallContext() context: CallContext, @RpcPayload() request: UpdateContactRequestDto): Promise<ContactDto> {
    return this.writer.update(context, CONTACTS, request);
  }

  @MessagePattern(CrmPatterns.deleteContact)
  delete(@RpcCallContext() context: CallContext, @RpcPayload() request: CrmDeleteRequestDto): Promise<{ id: string }> {
    return this.writer.delete(context, CONTACTS, request);
  }
}
