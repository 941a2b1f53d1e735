import { plainToInstance, Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, Max, ValidateNested, validateSync } from 'class-validator';
import { ErrorCode } from '@dua/unified-models';
import { toFieldErrors, validationFailed } from './field-errors';

class EmailDto {
  @IsEmail()
  email: string;
}

class PersonDto {
  @IsInt()
  @Max(10)
  age: number;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => EmailDto)
  emails?: EmailDto[];
}

describe('field errors', () => {
  it('names nested fields by their dotted path', () => {
    const errors = validateSync(plainToInstance(PersonDto, { age: 11, emails: [{ email: 'ok@example.com' }, { email: 'nope' }] }));
    expect(toFieldErrors(errors)).toEqual([
      { field: 'age', message: 'age must not be greater than 10' },
      { field: 'emails.1.email', message: 'email must be an email' },
    ]);
  });

  it('builds a VALIDATION_FAILED error whose detail is the only message, or a count', () => {
    const one = validationFailed(validateSync(plainToInstance(PersonDto, { age: 'x' })).slice(0, 1));
    expect(one.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(one.details?.errors?.length).toBeGreaterThan(0);
    const many = validationFailed(validateSync(plainToInstance(PersonDto, { age: 11, emails: [{ email: 'a' }] })));
    expect(many.message).toBe('2 fields are invalid');
  });
});
