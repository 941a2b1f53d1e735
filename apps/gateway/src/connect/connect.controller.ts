import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthPatterns, ConnectStep } from '@dua/unified-models';
import { Public } from '../auth/public.decorator';
import { ServiceClient } from '../transport/service-client';
import { GATEWAY_CONFIG, GatewayConfig } from '../config/gateway.config';
import { ConnectBinding, stateOfAuthorizeUrl } from './connect-binding';
import { chooseEnvironmentPage, connectedPage, errorPage, html, landingPage } from './connect-pages';

/** The hosted connect flow your end users go through (HTML). The link token and the OAuth state authorize it. */
@ApiExcludeController()
@Public()
@Controller('connect')
export class ConnectController {
  private readonly binding: ConnectBinding;

  constructor(
    private readonly services: ServiceClient,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    this.binding = new ConnectBinding(config.callContextSigningKey);
  }

  @Get()
  landing(@Query('link_token') linkToken: string | undefined, @Res() reply: FastifyReply): void {
    if (!linkToken || linkToken.length > 128) return html(reply, 400, errorPage('invalid_link_token', 'This page needs a link_token.'));
    html(reply, 200, landingPage(linkToken));
  }

  @Get('start')
  async start(@Query('link_token') linkToken: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!linkToken || linkToken.length > 128) return html(reply, 400, errorPage('invalid_link_token', 'This page needs a link_token.'));
    const step = await this.services.send<ConnectStep>(AuthPatterns.connectBegin, { link_token: linkToken }, { request_id: request.id });
    const state = step.kind === 'redirect' ? stateOfAuthorizeUrl(step.url) : undefined;
    if (state) this.binding.bind(request, reply, state);
    this.respond(reply, step);
  }

  @Get('callback')
  async callback(@Query() query: Record<string, string | undefined>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { state, code, error, error_description } = query;
    if (!state) return html(reply, 400, errorPage('invalid_request', 'The sign-in came back without its state.'));
    if (!this.binding.matches(request, String(state))) {
      // The flow was hijacked (or its link shared): end it, so the code in this URL can never be redeemed for it.
      await this.services.send<ConnectStep>(
        AuthPatterns.connectCallback,
        { state: String(state), error: 'access_denied', error_description: 'The sign-in came back to another browser than the one that started it' },
        { request_id: request.id },
      );
      return this.refuseForeignState(reply);
    }
    const step = await this.services.send<ConnectStep>(
      AuthPatterns.connectCallback,
      { state: String(state), code: opt(code), error: opt(error), error_description: opt(error_description) },
      { request_id: request.id },
    );
    this.finish(request, reply, step);
  }

  @Post('environment')
  async chooseEnvironment(@Body() body: Record<string, string | undefined>, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const environmentUrl = body?.typed_environment_url?.trim() || body?.environment_url;
    if (!body?.state || !environmentUrl) return html(reply, 400, errorPage('invalid_request', 'Choose an environment or type its URL.'));
    if (!this.binding.matches(request, String(body.state))) return this.refuseForeignState(reply);
    const step = await this.services.send<ConnectStep>(
      AuthPatterns.connectChooseEnvironment,
      { state: String(body.state), environment_url: String(environmentUrl) },
      { request_id: request.id },
    );
    this.finish(request, reply, step);
  }

  /** A state this browser did not start: someone else's sign-in link was opened here. Nothing is connected. */
  private refuseForeignState(reply: FastifyReply): void {
    html(
      reply,
      400,
      errorPage('invalid_state', 'This sign-in was not started in this browser. Open the connect link you were given and start again from there.'),
    );
  }

  /** After the sign-in: the flow goes on to the environment pick, or it is over (and the cookie goes). */
  private finish(request: FastifyRequest, reply: FastifyReply, step: ConnectStep): void {
    if (step.kind !== 'choose_environment') this.binding.clear(request, reply);
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

function opt(value: string | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}
