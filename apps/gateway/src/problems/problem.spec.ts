import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError, ERROR_CODES, ErrorCode } from '@dua/unified-models';
import { toProblem } from './problem';

describe('toProblem', () => {
  it('gives every error code its documented status and a kebab-case type', () => {
    for (const code of ERROR_CODES) {
      const { status, body } = toProblem(new DomainError(code, 'why'), 'req-1');
      expect(body).toMatchObject({ code, status, detail: 'why', request_id: 'req-1' });
      expect(body.type).toBe(`/problems/${code.toLowerCase().replace(/_/g, '-')}`);
      expect(status).toBeGreaterThanOrEqual(400);
    }
  });

  it('keeps field errors and the remote Dataverse error, and turns retry_after into a Retry-After header', () => {
    const problem = toProblem(
      new DomainError(ErrorCode.RATE_LIMITED, 'slow down', {
        remote: { status: 429, code: '0x80072322', message: 'Number of requests exceeded the limit' },
        retry_after_seconds: 1.2,
      }),
      'req-2',
    );
    expect(problem.status).toBe(429);
    expect(problem.headers['retry-after']).toBe('2');
    expect(problem.body.remote).toEqual({ status: 429, code: '0x80072322', message: 'Number of requests exceeded the limit' });
    expect(problem.headers['content-type']).toBe('application/problem+json');
  });

  it('maps framework errors to client codes, never to 500', () => {
    expect(toProblem(new NotFoundException(), 'r').body.code).toBe(ErrorCode.NOT_FOUND);
    expect(toProblem(new PayloadTooLargeException(), 'r').body.code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
    expect(toProblem(new BadRequestException('bad'), 'r').body.code).toBe(ErrorCode.VALIDATION_FAILED);
    expect(toProblem(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 }), 'r').status).toBe(415);
  });

  it('reports anything unexpected as INTERNAL without leaking its message', () => {
    const problem = toProblem(new Error('password=hunter2 in a stack'), 'r');
    expect(problem.status).toBe(500);
    expect(problem.body.code).toBe(ErrorCode.INTERNAL);
    expect(JSON.stringify(problem.body)).not.toContain('hunter2');
  });
});
