import { ConfigError, ConfigReader } from './config-reader';

describe('ConfigReader', () => {
  it('reports every problem at once, by name, never by value', () => {
    const reader = new ConfigReader({ PORT: 'eighty', DATABASE_URL: 'mysql://user:s3cret@host/db' });
    reader.integer('PORT', 3000, { max: 65535 });
    reader.url('DATABASE_URL', undefined, ['postgres:']);
    reader.string('CURSOR_SIGNING_KEY');
    let error: unknown;
    try {
      reader.done();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'PORT must be an integer between 0 and 65535',
      'DATABASE_URL must be a URL using postgres:',
      'CURSOR_SIGNING_KEY is required',
    ]);
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('falls back to defaults for unset or empty variables', () => {
    const reader = new ConfigReader({ PORT: '' });
    expect(reader.integer('PORT', 3000)).toBe(3000);
    expect(reader.string('HOST', '0.0.0.0')).toBe('0.0.0.0');
    expect(() => reader.done()).not.toThrow();
  });
});
