import type { ValidationError } from 'class-validator';
import { DomainError, ErrorCode, FieldError } from '@dua/unified-models';

/** Flattens class-validator's tree into `{field, message}` pairs with dotted paths (`addresses.0.city`). */
export function toFieldErrors(errors: ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

export function validationFailed(errors: ValidationError[]): DomainError {
  const fieldErrors = toFieldErrors(errors);
  const detail = fieldErrors.length === 1 ? fieldErrors[0].message : `${fieldErrors.length} fields are invalid`;
  return new DomainError(ErrorCode.VALIDATION_FAILED, detail, { errors: fieldErrors });
}

/** The validation settings the gateway and every service share: strict whitelist, transform to DTO instances. */
export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validateCustomDecorators: true,
  exceptionFactory: validationFailed,
} as const;
