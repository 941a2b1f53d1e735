import { applyDecorators } from '@nestjs/common';
import { ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { describeErrorCode, ErrorCode, ProblemDto } from '@dua/unified-models';

/** Documents the problems a route can answer, grouped by status. */
export function ApiProblems(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const codesByStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = describeErrorCode(code).status;
    codesByStatus.set(status, [...(codesByStatus.get(status) ?? []), code]);
  }
  return applyDecorators(
    ...[...codesByStatus].map(([status, statusCodes]) =>
      ApiResponse({
        status,
        description: statusCodes.map((code) => `\`${code}\`: ${describeErrorCode(code).title}`).join('; '),
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } },
      }),
    ),
  );
}
