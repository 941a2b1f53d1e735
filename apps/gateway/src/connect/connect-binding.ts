import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Bound to the OAuth state of a connect flow started in this browser (RFC 9700 §4.7: account-linking CSRF). */
export const CONNECT_COOKIE = 'dua_connect';
/** As long as a sign-in may take; the link token's own lifetime (15 min by default) still applies. */
const COOKIE_MAX_AGE_SECONDS = 900;

/**
 * Binds the connect flow's `state` to the browser that started it, without storing anything: `/connect/start` sets a
 * short-lived HttpOnly, SameSite=Lax cookie holding an HMAC of the state, and the callback and the environment pick
 * refuse a state that comes without it. Someone who sends their authorize URL to another person cannot attach that
 * person's org to their own link: that person's browser has no cookie for the state.
 */
export class ConnectBinding {
  private readonly key: Buffer;

  constructor(secret: string) {
    // Its own key, derived from the gateway's secret, so a cookie says nothing about any other signature.
    this.key = createHmac('sha256', secret).update('connect-state-binding').digest();
  }

  bind(request: FastifyRequest, reply: FastifyReply, state: string): void {
    void reply.header('set-cookie', this.cookie(request, this.mac(state), COOKIE_MAX_AGE_SECONDS));
  }

  /** Whether this browser started the flow `state` belongs to. */
  matches(request: FastifyRequest, state: string): boolean {
    const given = cookieOf(request.headers.cookie, CONNECT_COOKIE);
    if (!given) return false;
    const expected = Buffer.from(this.mac(state));
    const actual = Buffer.from(given);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /** The flow is over (connected, failed or refused): the cookie goes. */
  clear(request: FastifyRequest, reply: FastifyReply): void {
    void reply.header('set-cookie', this.cookie(request, '', 0));
  }

  private cookie(request: FastifyRequest, value: string, maxAge: number): string {
    const secure = request.protocol === 'https' ? '; Secure' : '';
    return `${CONNECT_COOKIE}=${value}; Max-Age=${maxAge}; Path=/connect; HttpOnly; SameSite=Lax${secure}`;
  }

  private mac(state: string): string {
    return createHmac('sha256', this.key).update(state).digest('base64url');
  }
}

/** The OAuth `state` of an authorize URL (the redirect `/connect/start` answers with). */
export function stateOfAuthorizeUrl(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('state') ?? undefined;
  } catch {
    return undefined;
  }
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
