import type { FastifyReply } from 'fastify';
import { DiscoveredEnvironment } from '@dua/unified-models';

/** Server-rendered connect pages: no framework, no script, no external asset. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const STYLE = `
  body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f3f2f1;color:#201f1e;margin:0}
  main{max-width:34rem;margin:4rem auto;background:#fff;padding:2rem 2.5rem;border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.12)}
  h1{font-size:1.4rem;margin-top:0} p{line-height:1.5}
  .button{display:inline-block;background:#0f6cbd;color:#fff;border:0;border-radius:4px;padding:.7rem 1.2rem;font-size:1rem;text-decoration:none;cursor:pointer}
  .button:focus,input:focus{outline:3px solid #201f1e;outline-offset:2px}
  fieldset{border:1px solid #d1d1d1;border-radius:4px;padding:1rem} legend{font-weight:600}
  label{display:block;margin:.4rem 0} input[type=url]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
  .error{border-left:4px solid #c50f1f;padding-left:1rem} small{color:#605e5c}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`;
}

export function landingPage(linkToken: string): string {
  return page(
    'Connect Dynamics 365',
    `<h1>Connect your Dynamics 365 organization</h1>
<p>You will sign in with your Microsoft work account, allow access to Dynamics 365, and choose which environment to connect.</p>
<p><a class="button" href="/connect/start?link_token=${encodeURIComponent(linkToken)}">Sign in with Microsoft</a></p>`,
  );
}

export function chooseEnvironmentPage(state: string, environments: DiscoveredEnvironment[]): string {
  const options = environments
    .map(
      (environment, index) =>
        `<label><input type="radio" name="environment_url" value="${escapeHtml(environment.url)}"${index === 0 ? ' checked' : ''}> ${escapeHtml(environment.name)} <small>${escapeHtml(environment.url)}</small></label>`,
    )
    .join('\n');
  return page(
    'Choose your environment',
    `<h1>Choose the environment to connect</h1>
<form method="post" action="/connect/environment">
<input type="hidden" name="state" value="${escapeHtml(state)}">
${
  environments.length
    ? `<fieldset><legend>Environments you can reach</legend>${options}</fieldset>`
    : '<p>No environment was found for your account. Type its URL below.</p>'
}
<p><label for="typed">Or type an environment URL</label><input type="url" id="typed" name="typed_environment_url" placeholder="https://yourorg.crm.dynamics.com"></p>
<p><button class="button" type="submit">Connect</button></p>
</form>`,
  );
}

export function connectedPage(integratedAccountId: string): string {
  return page(
    'Connected',
    `<h1>Connected</h1><p>Your Dynamics 365 organization is connected. You can close this window.</p><p><small>Integrated account ${escapeHtml(integratedAccountId)}</small></p>`,
  );
}

export function errorPage(error: string, description: string): string {
  return page(
    'Could not connect',
    `<h1>Could not connect</h1><div class="error" role="alert"><p>${escapeHtml(description)}</p><p><small>${escapeHtml(error)}</small></p></div>`,
  );
}

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // No form-action: the environment form's answer redirects to the developer's registered redirect URI (another origin).
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

/** Sends a connect page (the connect flow answers HTML in every case, errors included). */
export function html(reply: FastifyReply, status: number, body: string): void {
  void reply.status(status).headers(HTML_HEADERS).send(body);
}
