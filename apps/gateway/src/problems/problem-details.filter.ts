import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@dua/unified-models';
import { errorPage, html } from '../connect/connect-pages';
import { toProblem } from './problem';

/** The gateway's one exception filter: every error leaves as `application/problem+json`. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    sendError(request, http.getResponse<FastifyReply>(), exception, this.logger);
  }
}

/**
 * Every error of a request: problem+json, except on the hosted connect pages, where a person (not a program) is
 * reading: there it is an HTML page with the same status.
 */
export function sendError(request: FastifyRequest, reply: FastifyReply, exception: unknown, logger = new Logger('Problem')): void {
  if (!request.url.startsWith('/connect')) return sendProblem(reply, exception, request.id, logger);
  const problem = toProblem(exception, request.id);
  if (problem.body.code === ErrorCode.INTERNAL) logger.error(`Request ${request.id} failed`, exception instanceof Error ? exception.stack : String(exception));
  html(reply, problem.status, errorPage(problem.body.code.toLowerCase(), `${problem.body.detail} (request ${request.id})`));
}

/** Sends `exception` as problem+json (also for errors Fastify raises before routing, see `createGateway`). */
export function sendProblem(reply: FastifyReply, exception: unknown, requestId: string, logger = new Logger('Problem')): void {
  const problem = toProblem(exception, requestId);
  if (problem.body.code === ErrorCode.INTERNAL) {
    logger.error(`Request ${requestId} failed`, exception instanceof Error ? exception.stack : String(exception));
  }
  void reply.status(problem.status).headers(problem.headers).send(JSON.stringify(problem.body));
}
