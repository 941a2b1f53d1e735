import { Type as NestType } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { AddressType, EmailAddressType, PhoneNumberType } from './crm-common.dto';

/*
 * Write shapes follow read shapes (API.md "Writes"): relations as `{id}` (`{id, type}` where several kinds are
 * possible), choices as `{value}` or the bare value, lists of email addresses, phone numbers and addresses with the
 * read side's `type` vocabulary. Read-only fields (`id`, `name` of people, timestamps, `etag`) are not declared, so the
 * strict whitelist answers 400 naming them. `null` clears a field.
 */

/** A related record to link to. */
export class ReferenceInputDto {
  @IsUUID()
  id: string;
}

/** The tables a customer (an opportunity's potential customer) can be. */
export enum CustomerType {
  ACCOUNT = 'account',
  CONTACT = 'contact',
}

/** A related record of one of several kinds: its id and its table. */
export class CustomerReferenceInputDto {
  @IsUUID()
  id: string;

  @IsEnum(CustomerType)
  type: CustomerType;
}

/** A choice: its numeric value (`label` is accepted and ignored, so a record read can be written back). */
export class ChoiceInputDto {
  @IsInt()
  value: number;

  @IsOptional()
  @IsString()
  label?: string | null;
}

/** `5` and `{value: 5}` are the same choice. */
export function toChoiceInput({ value }: { value: unknown }): unknown {
  return typeof value === 'number' ? plainToInstance(ChoiceInputDto, { value }) : value;
}

export class EmailAddressInputDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  email: string;

  @IsEnum(EmailAddressType)
  type: EmailAddressType;
}

export class PhoneNumberInputDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  number: string;

  @IsEnum(PhoneNumberType)
  type: PhoneNumberType;
}

export class AddressInputDto {
  @IsOptional()
  @IsString()
  @MaxLength(250)
  street_1?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(250)
  street_2?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  city?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  state?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  postal_code?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  country?: string | null;

  @IsEnum(AddressType)
  type: AddressType;
}

/** Decorators of a written list: each item validated, at most `max` (the record's slots of that kind). */
export function ListOf(item: () => NestType<unknown>, max: number): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(max)(target, key);
    ValidateNested({ each: true })(target, key);
    Type(item)(target, key);
  };
}

/** Decorators of a written choice: `{value}` or the bare value. */
export function ChoiceInput(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    Transform(toChoiceInput)(target, key);
    ValidateNested()(target, key);
    Type(() => ChoiceInputDto)(target, key);
    ApiProperty({ required: false, nullable: true, oneOf: [{ $ref: getSchemaPath(ChoiceInputDto) }, { type: 'integer' }] })(target, key);
  };
}

/**
 * The decimal places of a finite number, exponent notation included (`5e-324` has 324): class-validator's
 * `maxDecimalPlaces` reads only the digits after a `.` and throws on such a number.
 */
export function decimalPlacesOf(value: number): number {
  const match = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) return Number.POSITIVE_INFINITY;
  return Math.max(0, (match[1]?.length ?? 0) - Number(match[2] ?? 0));
}

/** A finite number with at most `maxDecimalPlaces` decimals (a money or decimal amount). */
export function IsAmount(maxDecimalPlaces: number): PropertyDecorator {
  return ValidateBy({
    name: 'isAmount',
    validator: {
      validate: (value) => typeof value === 'number' && Number.isFinite(value) && decimalPlacesOf(value) <= maxDecimalPlaces,
      defaultMessage: (args) => `${args?.property} must be a number with at most ${maxDecimalPlaces} decimal places`,
    },
  });
}

/** Decorators of a written relation `{id}`. */
export function ReferenceInput(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    ValidateNested()(target, key);
    Type(() => ReferenceInputDto)(target, key);
  };
}

/** The fields every writable record has: its custom columns by logical name. */
@ApiExtraModels(ChoiceInputDto)
export class CrmWriteDto {
  /**
   * Custom columns by logical name, with the shapes they are read in: text, numbers, booleans, ISO dates, a choice as
   * its value (or `{value}`), a multi-select as a list of values, a lookup as `{id, type?}`; `null` clears. Checked
   * against the org's metadata before anything is written; unknown keys are refused.
   */
  @IsOptional()
  @IsObject()
  custom_fields?: Record<string, unknown>;
}

/** The writable fields a person has, contact or lead: names, title, contact points, owner, description. */
export class PersonWriteDto extends CrmWriteDto {
  @IsOptional()
  @IsString()
  @MaxLength(50)
  first_name?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  last_name?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  title?: string | null;

  /** Replaces every email address (at most one of each type); `[]` clears them. */
  @ListOf(() => EmailAddressInputDto, 3)
  email_addresses?: EmailAddressInputDto[] | null;

  /** Replaces every phone number (at most one of each type); `[]` clears them. */
  @ListOf(() => PhoneNumberInputDto, 5)
  phone_numbers?: PhoneNumberInputDto[] | null;

  /** Replaces both addresses (`primary`, `secondary`); `[]` clears them. */
  @ListOf(() => AddressInputDto, 2)
  addresses?: AddressInputDto[] | null;

  @ReferenceInput()
  owner?: ReferenceInputDto | null;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

/** The query of a write: which integrated account to write to. */
export class CrmWriteQueryDto {
  /** The integrated account (a connected Dynamics 365 org) to write to. */
  @IsUUID()
  integrated_account_id: string;
}

/** `Idempotency-Key`: 1–255 printable ASCII characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/** An `If-Match` value: `*` or one etag (`W/"123"` or `"123"`). */
export const IF_MATCH_PATTERN = /^(\*|(W\/)?"[^"\s]{1,64}")$/;

/** The payload of `crm.<resource>.create`: the record, and the caller's idempotency key. */
export interface CrmCreateRequest<Data> {
  integrated_account_id: string;
  data: Data;
  idempotency_key?: string;
}

/** The payload of `crm.<resource>.update`: the record's id, the changes, and the caller's `If-Match`. */
export interface CrmUpdateRequest<Data> {
  integrated_account_id: string;
  id: string;
  data: Data;
  if_match?: string;
}

/** What `crm.<resource>.create` answers: the HTTP body (`{"result": …}`) and whether it is a stored first answer. */
export interface CrmCreateOutcome {
  body: string;
  replayed: boolean;
}

/** The `data` of a NATS write payload: a required object validated as `data`. */
export function NestedPayload(data: NestType<unknown>): PropertyDecorator {
  return (target, key) => {
    IsDefined()(target, key);
    IsObject()(target, key);
    ValidateNested()(target, key);
    Type(() => data)(target, key);
  };
}

/** The NATS payload class of `crm.<resource>.create` for one resource's create DTO. */
export function CrmCreateRequestDto<Data>(data: NestType<Data>): NestType<CrmCreateRequest<Data>> {
  class CreateRequest extends CrmWriteQueryDto {
    @NestedPayload(data)
    data: Data;

    @IsOptional()
    @Matches(IDEMPOTENCY_KEY_PATTERN)
    idempotency_key?: string;
  }
  Object.defineProperty(CreateRequest, 'name', { value: `Create${data.name}Request` });
  return CreateRequest;
}

/** The NATS payload class of `crm.<resource>.update`. */
export function CrmUpdateRequestDto<Data>(data: NestType<Data>): NestType<CrmUpdateRequest<Data>> {
  class UpdateRequest extends CrmWriteQueryDto {
    @IsUUID()
    id: string;

    @NestedPayload(data)
    data: Data;

    @IsOptional()
    @Matches(IF_MATCH_PATTERN)
    if_match?: string;
  }
  Object.defineProperty(UpdateRequest, 'name', { value: `Update${data.name}Request` });
  return UpdateRequest;
}

/** The NATS payload of `crm.<resource>.delete`. */
export class CrmDeleteRequestDto extends CrmWriteQueryDto {
  @IsUUID()
  id: string;

  @IsOptional()
  @Matches(IF_MATCH_PATTERN)
  if_match?: string;
}

