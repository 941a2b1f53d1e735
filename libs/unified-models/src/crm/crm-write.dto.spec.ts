import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { decimalPlacesOf } from './crm-write.dto';
import { CreateLeadDto } from './lead.dto';

describe('decimal places of money amounts', () => {
  it.each([
    [12, 0],
    [12.5, 1],
    [0.0001, 4],
    [1.5e3, 0],
    [1e21, 0],
    [4e-323, 323],
    [-7e-323, 323],
    [1.25e-7, 9],
  ])('%p has %p', (value, places) => {
    expect(decimalPlacesOf(value)).toBe(places);
  });

  it('refuses an amount in exponent notation beyond four places as a field error, never a crash', () => {
    const errors = validateSync(plainToInstance(CreateLeadDto, { last_name: 'x', estimated_amount: 4e-323 }));
    expect(errors.map((error) => [error.property, Object.keys(error.constraints ?? {})])).toEqual([['estimated_amount', ['maxDecimalPlaces']]]);
    expect(validateSync(plainToInstance(CreateLeadDto, { last_name: 'x', estimated_amount: 1234.5678 }))).toEqual([]);
  });
});
