import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateLeadDto } from './lead.dto';
import { decimalPlacesOf } from './crm-write.dto';

describe('amounts', () => {
  it.each([
    [472000, 0],
    [1.5, 1],
    [0.0001, 4],
    [1e21, 0],
    [1.25e-7, 9],
    [5e-324, 324],
    [-3.25, 2],
  ])('counts the decimal places of %p, exponent notation included', (value, places) => {
    expect(decimalPlacesOf(value)).toBe(places);
  });

  it('refuses an amount with more than 4 decimals, however it is written, as a validation error', () => {
    const errorsOf = (estimated_amount: unknown) =>
      validateSync(plainToInstance(CreateLeadDto, { last_name: 'Hill', estimated_amount }), { whitelist: true, forbidNonWhitelisted: true }).map((error) => error.property);
    expect(errorsOf(5e-324)).toEqual(['estimated_amount']);
    expect(errorsOf(12.34567)).toEqual(['estimated_amount']);
    expect(errorsOf(12.3456)).toEqual([]);
  });
});
