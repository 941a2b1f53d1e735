import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { CallContext, RpcRequest } from '@dua/unified-models';

/** The operation's payload of an `RpcRequest`; validated against the parameter's DTO by the global pipe. */
export const RpcPayload = createParamDecorator(
  (_: unknown, ctx: ExecutionContext) => ctx.switchToRpc().getData<RpcRequest>()?.payload ?? {},
);

/** The caller's `CallContext` (request id, environment). */
export const RpcCallContext = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CallContext => ctx.switchToRpc().getData<RpcRequest>()?.context ?? { request_id: 'unknown' },
);
