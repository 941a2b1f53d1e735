import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { CallContext } from '@dua/unified-models';

/** Who is calling, as the API key guard resolved it. */
export interface Caller {
  environmentId: string;
  apiKeyId: string;
}

export type AuthenticatedRequest = FastifyRequest & { caller?: Caller };

/** The `CallContext` services receive: the request id and the caller's environment. */
export const CallerContext = createParamDecorator((_: unknown, ctx: ExecutionContext): CallContext => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  return { request_id: request.id, environment_id: request.caller?.environmentId };
});
