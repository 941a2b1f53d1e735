/**
 * HTML of the emulated sign-in and consent page, and of the error page Entra shows when it cannot trust the
 * redirect URI. Pure functions. Field names are stable so tests can drive the page without a browser:
 * the original authorize parameters come back as hidden inputs, `login` is the chosen UPN and `action` is
 * `accept` or `cancel`.
 */
export interface ConsentPageModel {
  action: string;
  appName: string;
  resourceLabel: string;
  permissions: string[];
  users: Array<{ upn: string; name: string }>;
  selectedUpn?: string;
  hidden: Record<string, string>;
  message?: string;
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const STYLE = `
  :root { color-scheme: light; font-family: "Segoe UI", system-ui, sans-serif; }
  body { margin: 0; background: #f2f2f2; color: #1b1b1b; }
  main { max-width: 440px; margin: 48px auto; background: #fff; padding: 32px 40px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  h1 { font-size: 1.5rem; font-weight: 600; margin: 0 0 16px; }
  p, li { line-height: 1.4; }
  fieldset { border: 0; padding: 0; margin: 16px 0; }
  legend { font-weight: 600; margin-bottom: 8px; }
  .account { display: flex; gap: 8px; align-items: center; padding: 8px; border: 1px solid #ccc; margin-bottom: 6px; }
  .account:focus-within { outline: 2px solid #0067b8; }
  .upn { color: #505050; font-size: .9rem; }
  .buttons { display: flex; gap: 8px; justify-content: flex-end; margin-top: 24px; }
  button { font: inherit; padding: 6px 20px; min-width: 108px; border: 1px solid #8a8a8a; background: #ccc; cursor: pointer; }
  button.primary { background: #0067b8; border-color: #0067b8; color: #fff; }
  button:focus-visible { outline: 2px solid #000; outline-offset: 2px; }
  .error { border-left: 4px solid #a80000; padding: 8px 12px; background: #fde7e9; }
  code { word-break: break-all; }
`;

function layout(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export function renderConsentPage(m: ConsentPageModel): string {
  const hidden = Object.entries(m.hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  const selected = m.selectedUpn?.toLowerCase() ?? (m.users.length === 1 ? m.users[0].upn.toLowerCase() : undefined);
  const accounts = m.users
    .map((u, i) => {
      const id = `account-${i}`;
      const checked = u.upn.toLowerCase() === selected ? ' checked' : '';
      return `<div class="account"><input type="radio" id="${id}" name="login" value="${escapeHtml(u.upn)}" required${checked}>
<label for="${id}">${escapeHtml(u.name)} <span class="upn">(${escapeHtml(u.upn)})</span></label></div>`;
    })
    .join('\n');
  const permissions = m.permissions.map((p) => `<li>${escapeHtml(p)}</li>`).join('\n');
  const message = m.message ? `<p class="error" role="alert">${escapeHtml(m.message)}</p>` : '';
  return layout(
    'Sign in to your account',
    `<h1>Sign in and consent</h1>
<p><strong>${escapeHtml(m.appName)}</strong> wants to access <strong>${escapeHtml(m.resourceLabel)}</strong> on your behalf.</p>
${message}
<form method="post" action="${escapeHtml(m.action)}">
${hidden}
<fieldset>
<legend>Pick an account</legend>
${accounts || '<p>No account in this directory can sign in.</p>'}
</fieldset>
<p id="permissions-label">This app would like to:</p>
<ul aria-labelledby="permissions-label">
${permissions}
</ul>
<div class="buttons">
<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
<button type="submit" name="action" value="accept" class="primary">Accept</button>
</div>
</form>`,
  );
}

export function renderErrorPage(e: {
  code: number;
  message: string;
  traceId: string;
  correlationId: string;
  timestamp: string;
}): string {
  return layout(
    'Sign in to your account',
    `<h1>Sorry, but we're having trouble signing you in.</h1>
<p class="error" role="alert">AADSTS${e.code}: ${escapeHtml(e.message)}</p>
<dl>
<dt>Request Id</dt><dd><code>${escapeHtml(e.traceId)}</code></dd>
<dt>Correlation Id</dt><dd><code>${escapeHtml(e.correlationId)}</code></dd>
<dt>Timestamp</dt><dd>${escapeHtml(e.timestamp)}</dd>
</dl>`,
  );
}

/** `response_mode=form_post`: the page that posts the answer to the redirect URI. */
export function renderFormPost(redirectUri: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Working...</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="${escapeHtml(redirectUri)}">
${inputs}
<noscript><p>Script is disabled. Click Submit to continue.</p><button type="submit">Submit</button></noscript>
</form>
</body></html>`;
}
