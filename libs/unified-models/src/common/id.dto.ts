import { IsUUID } from 'class-validator';

/** `{id}` path parameters: a Dataverse or our own GUID. */
export class IdParamDto {
  @IsUUID()
  id: string;
}

/** The result of a delete. */
export class DeletedDto {
  id: string;
}
