import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthPatterns, ConnectStep } from '@dua/unified-models';
import { Public } from '../auth/public.decorator';
import { ServiceClient } from '../transport/service-client';
import { chooseEnvironmentPage, connectedPage, errorPage, landingPage } from './connect-pages';

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // No form-action: the environment form's answer redirects to the developer's registered redirect URI (another origin).
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

/** The hosted connect flow your end users go through (HTML). The link token and the OAuth state authorize it. */
@ApiExcludeController()
@Public()
@Controller('connect')
export class ConnectController {
  constructor(private readonly services: ServiceClient) {}

  @Get()
  landing(@Query('link_token') linkToken: string | undefined, @Res() reply: FastifyReply): void {
    if (!linkToken || linkToken.length > 128) return html(reply, 400, errorPage('invalid_link_token', 'This page needs a link_token.'));
    html(reply, 200, landingPage(linkToken));
  }

  @Get('start')
  async start(@Query('link_token') linkToken: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!linkToken || linkToken.length > 128) return html(reply, 400, errorPage('invalid_link_token', 'This page needs a link_token.'));
    this.respond(reply, await this.services.send<ConnectStep>(AuthPatterns.connectBegin, { link_token: linkToken }, { request_id: request.id }));
  }

  @Get('callback')
  async callback(@Query() query: Record<string, string | undefined>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { state, code, error, error_description } = query;
    if (!state) return html(reply, 400, errorPage('invalid_request', 'The sign-in came back without its state.'));
    const step = await this.services.send<ConnectStep>(
      AuthPatterns.connectCallback,
      { state: String(state), code: opt(code), error: opt(error), error_description: opt(error_description) },
      { request_id: request.id },
    );
    this.respond(reply, step);
  }

  @Post('environment')
  async chooseEnvironment(@Body() body: Record<string, string | undefined>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const environmentUrl = body?.typed_environment_url?.trim() || body?.environment_url;
    if (!body?.state || !environmentUrl) return html(reply, 400, errorPage('invalid_request', 'Choose an environment or type its URL.'));
    const step = await this.services.send<ConnectStep>(
      AuthPatterns.connectChooseEnvironment,
      { state: String(body.state), environment_url: String(environmentUrl) },
      { request_id: request.id },
    );
    this.respond(reply, step);
  }

  private respond(reply: FastifyReply, step: ConnectStep): void {
    switch (step.kind) {
      case 'redirect':
        void reply.status(302).header('location', step.url).header('cache-control', 'no-store').send();
        return;
      case 'choose_environment':
        return html(reply, 200, chooseEnvironmentPage(step.state, step.environments));
      case 'done':
        return html(reply, 200, connectedPage(step.integrated_account_id));
      case 'failed':
        return html(reply, 400, errorPage(step.error, step.error_description));
    }
  }
}

function html(reply: FastifyReply, status: number, body: string): void {
  void reply.status(status).headers(HTML_HEADERS).send(body);
}

function opt(value: string | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
