import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, IsInt, IsString, MetadataStorage, ValidationError, validateSync } from 'class-validator';
import * as contract from '../index';
import { BulkWriteRequestDto, CreateContactRequestDto, CreateOpportunityDto, UpdateLeadDto } from '../index';

const storage = getMetadataStorage();

/** The dotted path of every field with a failed rule. */
function fieldsOf(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const field = path ? `${path}.${error.property}` : error.property;
    return [...(error.constraints ? [field] : []), ...fieldsOf(error.children ?? [], field)];
  });
}
const uncached = (target: object) => MetadataStorage.prototype.getTargetValidationMetadatas.call(storage, target as never, '', false, false, undefined);

describe('cached validation metadata lookups', () => {
  it('answers exactly what class-validator computes, for every class of the contract (inherited rules included)', () => {
    const classes = Object.values(contract).filter((value): value is new () => object => typeof value === 'function' && /^[A-Z]/.test(value.name));
    expect(classes.length).toBeGreaterThan(50);
    for (const dto of classes) {
      const cached = storage.getTargetValidationMetadatas(dto, '', false, false, undefined);
      expect(cached).toEqual(uncached(dto));
      expect(storage.getTargetValidationMetadatas(dto, '', false, false, undefined)).toBe(cached);
    }
  });

  it('validates as before: nested, inherited and unknown fields are still named', () => {
    const request = plainToInstance(CreateContactRequestDto, {
      integrated_account_id: 'not-a-uuid',
      data: { last_name: 7, email_addresses: [{ email: 'a@example.com', type: 'nope' }], id: 'read-only' },
    });
    const fields = fieldsOf(validateSync(request, { whitelist: true, forbidNonWhitelisted: true }));
    expect(fields.sort()).toEqual(['data.email_addresses.0.type', 'data.id', 'data.last_name', 'integrated_account_id']);
    expect(validateSync(plainToInstance(UpdateLeadDto, { first_name: 'Ada' }), { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
    expect(validateSync(plainToInstance(CreateOpportunityDto, { name: 'Deal', probability: 'high' }))).toHaveLength(1);
    expect(validateSync(plainToInstance(BulkWriteRequestDto, { integrated_account_id: crypto.randomUUID(), resource: 'contacts', operations: [{ op: 'drop' }] }))).toHaveLength(1);
  });

  it('sees a rule added after a lookup (the cache is dropped whenever metadata is added)', () => {
    class Late {
      @IsString()
      name: string;

      age: unknown;
    }
    expect(validateSync(plainToInstance(Late, { name: 'x', age: 'old' }))).toEqual([]);
    IsInt()(Late.prototype, 'age');
    expect(validateSync(plainToInstance(Late, { name: 'x', age: 'old' })).map((error) => error.property)).toEqual(['age']);
  });
});
