import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorWorld } from '../../world';
import { createIdentityProvider } from '../create-identity-provider';
import type { IdentityOptions } from '../identity-options';
import type { IdentityProvider } from '../identity-provider';

/** Test-only world and server: the identity half served by a bare node:http server (no Dataverse half needed). */
export const TENANT = '7f3a6c1e-2b4d-4e8f-9a01-23456789abcd';
export const OTHER_TENANT = 'c0ffee00-1111-4222-8333-444455556666';
export const ALICE_OID = 'a11ce000-0000-4000-8000-000000000001';
export const WEB_APP = { clientId: '0e1a2b3c-4d5e-4f60-8172-8394a5b6c7d8', clientSecret: 'web-secret-value' };
export const SERVICE_APP = { clientId: '5e7c1a00-9b8d-4c6e-a5f4-3e2d1c0b9a87', clientSecret: 'svc-secret-value' };
export const PUBLIC_APP = { clientId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d' };
export const REDIRECT_PATH = '/callback';

export function buildWorld(baseUrl: string): EmulatorWorld {
  const org = (name: string, tenantId: string) => ({
    name,
    friendlyName: `${name[0].toUpperCase()}${name.slice(1)} Sales`,
    tenantId,
    organizationId:
      { contoso: 'c0000000-0000-4000-8000-0000000000c1', fabrikam: 'f0000000-0000-4000-8000-0000000000f1' }[name] ??
      'e0000000-0000-4000-8000-0000000000e1',
    environmentUrl: `${baseUrl}/orgs/${name}`,
  });
  const user = (
    n: number,
    upn: string,
    name: string,
    oid: string,
    extra: Partial<EmulatorWorld['organizations'][0]['users'][0]> = {},
  ) => ({
    systemuserId: `00000000-0000-4000-8000-00000000010${n}`,
    entraObjectId: oid,
    upn,
    name,
    businessUnitId: 'b0000000-0000-4000-8000-000000000001',
    isDisabled: false,
    isApplicationUser: false,
    ...extra,
  });
  const redirectUris = [`${baseUrl}${REDIRECT_PATH}`, 'http://localhost:3000/auth/callback'];
  return {
    baseUrl,
    organizations: [
      {
        ...org('contoso', TENANT),
        users: [
          user(1, 'alice@contoso.example', 'Alice Example', ALICE_OID),
          user(2, 'bob@contoso.example', 'Bob Disabled', 'b0b00000-0000-4000-8000-000000000002', { isDisabled: true }),
          user(3, '', 'Sales Integration', 'a99a0000-0000-4000-8000-000000000003', {
            isApplicationUser: true,
            applicationId: SERVICE_APP.clientId,
          }),
        ],
      },
      { ...org('fabrikam', TENANT), users: [user(4, 'Alice@Contoso.example', 'Alice Example', ALICE_OID)] },
      {
        ...org('northwind', OTHER_TENANT),
        users: [user(5, 'carol@northwind.example', 'Carol Other', 'ca201000-0000-4000-8000-000000000005')],
      },
    ],
    appRegistrations: [
      { ...WEB_APP, tenantId: TENANT, redirectUris },
      { ...SERVICE_APP, tenantId: TENANT, redirectUris: [] },
      { clientId: PUBLIC_APP.clientId, clientSecret: '', tenantId: TENANT, redirectUris },
    ],
  };
}

export interface IdentityFixture {
  baseUrl: string;
  world: EmulatorWorld;
  identity: IdentityProvider;
  /** Milliseconds added to the identity provider's clock. */
  clock: { offsetMs: number };
  envUrl(org: string): string;
  close(): Promise<void>;
}

/**
 * Serves `identity.handle`, a callback page for the redirect URI, and `/orgs/{name}/api/data/v9.2/WhoAmI`
 * guarded by `identity.authenticate` (what the Dataverse half does for every Web API request).
 */
export async function startIdentityFixture(options: IdentityOptions = {}): Promise<IdentityFixture> {
  const clock = { offsetMs: 0 };
  let world: EmulatorWorld = buildWorld('http://127.0.0.1:0');
  const identity = createIdentityProvider(() => world, { now: () => Date.now() + clock.offsetMs, ...options });
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', world.baseUrl);
    void (async () => {
      if (url.pathname === REDIRECT_PATH) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end(
          '<!DOCTYPE html><html lang="en"><head><title>Callback</title></head><body><h1>Signed in</h1></body></html>',
        );
      }
      const whoAmI = url.pathname.match(/^\/orgs\/([^/]+)\/api\/data\/v9\.2\/WhoAmI$/);
      if (whoAmI) {
        const org = world.organizations.find((o) => o.name === whoAmI[1]);
        if (!org) return res.writeHead(404).end();
        const check = identity.authenticate(req.headers.authorization, org);
        if (!check.ok) {
          res.writeHead(check.status, check.headers);
          return res.end(check.body === undefined ? undefined : JSON.stringify(check.body));
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ UserId: check.user.systemuserId, OrganizationId: org.organizationId }));
      }
      if (!(await identity.handle(req, res, url))) res.writeHead(404).end();
    })().catch((err: unknown) => {
      res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  world = buildWorld(baseUrl);
  return {
    baseUrl,
    get world() {
      return world;
    },
    set world(w: EmulatorWorld) {
      world = w;
    },
    identity,
    clock,
    envUrl: (org) => `${baseUrl}/orgs/${org}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The consent form's fields (hidden inputs), read from the page without a browser. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields[unescape(m[1])] = unescape(m[2]);
  return fields;
}

/**
 * Drives the authorize step over HTTP as a user would: GET the page, POST the form with `login` and `action`.
 * Returns the redirect Location.
 */
export async function consent(
  authorizeUrl: string,
  login: string,
  action: 'accept' | 'cancel' = 'accept',
): Promise<URL> {
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`authorize page answered ${page.status}: ${html.slice(0, 500)}`);
  const form = new URLSearchParams({ ...hiddenFields(html), login, action });
  const posted = await fetch(new URL(authorizeUrl).origin + new URL(authorizeUrl).pathname, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  const location = posted.headers.get('location');
  if (posted.status !== 302 || !location)
    throw new Error(`consent POST answered ${posted.status}: ${(await posted.text()).slice(0, 500)}`);
  return new URL(location);
}

/** Response bodies in tests are read loosely; assertions check their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export async function jsonOf(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}
