import { formatDate, formatDateTime, formatMoney, isoDateTime } from './formatters';

describe('formatted values', () => {
  it('formats like Dataverse for an en-US user in UTC', () => {
    const ms = Date.parse('2023-04-07T21:59:01Z');
    expect(isoDateTime(ms)).toBe('2023-04-07T21:59:01Z');
    expect(formatDateTime(ms)).toBe('4/7/2023 9:59 PM');
    expect(formatDateTime(Date.parse('2020-05-21T00:07:00Z'))).toBe('5/21/2020 12:07 AM');
    expect(formatDateTime(Date.parse('2020-05-21T12:00:59Z'))).toBe('5/21/2020 12:00 PM');
    expect(isoDateTime(Date.parse('1969-12-31T23:59:59.900Z'))).toBe('1969-12-31T23:59:59Z');
    expect(formatDate('2024-06-30')).toBe('6/30/2024');
    expect(formatMoney(20000)).toBe('$20,000.00');
    expect(formatMoney(-5.5)).toBe('-$5.50');
  });
});
