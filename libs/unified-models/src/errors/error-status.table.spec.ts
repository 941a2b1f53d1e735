import { ERROR_CODES } from './error-code';
import { ERROR_CODE_TABLE } from './error-status.table';

describe('the error code table', () => {
  it('has exactly one row per code, each a 4xx or 5xx with a title', () => {
    expect(Object.keys(ERROR_CODE_TABLE).sort()).toEqual([...ERROR_CODES].sort());
    for (const { status, title } of Object.values(ERROR_CODE_TABLE)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
      expect(title.length).toBeGreaterThan(0);
    }
  });

  it('keeps 500 for INTERNAL alone: any other failure is a client or upstream condition', () => {
    expect(Object.entries(ERROR_CODE_TABLE).filter(([, { status }]) => status === 500).map(([code]) => code)).toEqual(['INTERNAL']);
  });
});
