import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@dua/unified-models';
import { toProblem } from './problem';

/** The gateway's one exception filter: every error leaves as `application/problem+json`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    sendProblem(http.getResponse<FastifyReply>(), exception, request.id, this.logger);
  }
}

function sendProblem(reply: FastifyReply, exception: unknown, requestId: string, logger: Logger): void {
  const problem = toProblem(exception, requestId);
  if (problem.body.code === ErrorCode.INTERNAL) {
    logger.error(`Request ${requestId} failed`, exception instanceof Error ? exception.stack : String(exception));
  }
  void reply.status(problem.status).headers(problem.headers).send(JSON.stringify(problem.body));
}
