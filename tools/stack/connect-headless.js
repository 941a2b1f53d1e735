// @ts-check
// Goes through the hosted connect flow without a browser, the way a person would: our connect page → the
// (emulated) Microsoft sign-in and consent page → our environment picker → back to the redirect URI.
// `npm start` uses it to connect the demo account; the end-to-end tests use it too.

/** @param {string} text */
function unescapeHtml(text) {
  return text.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** @param {string} html */
function hiddenInputs(html) {
  const fields = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) fields.append(unescapeHtml(match[1]), unescapeHtml(match[2]));
  return fields;
}

/** @param {string} url @param {RequestInit} [init] */
async function manual(url, init = {}) {
  const response = await fetch(url, { ...init, redirect: 'manual' });
  const cookie = response.headers.getSetCookie().map((header) => header.split(';')[0]).join('; ');
  return { status: response.status, location: response.headers.get('location'), body: await response.text(), cookie };
}

/**
 * @param {{ gatewayUrl: string, linkToken: string, upn?: string, environmentUrl?: string, action?: 'accept' | 'cancel' }} options
 * @returns {Promise<{ finalUrl: string | null, status: number, body: string }>} where the flow ended (the redirect URI with its query, or a page)
 */
async function connectHeadless({ gatewayUrl, linkToken, upn, environmentUrl, action = 'accept' }) {
  const start = await manual(`${gatewayUrl}/connect/start?link_token=${encodeURIComponent(linkToken)}`);
  if (start.status !== 302 || !start.location) return { finalUrl: null, status: start.status, body: start.body };
  // The cookie that binds the flow to this "browser" (the callback refuses a state without it).
  const gatewayCookie = { cookie: start.cookie };

  const consentPage = await manual(start.location);
  if (consentPage.status !== 200) throw new Error(`The sign-in page answered ${consentPage.status}: ${consentPage.body.slice(0, 300)}`);
  const form = hiddenInputs(consentPage.body);
  const firstUser = /name="login" value="([^"]*)"/.exec(consentPage.body)?.[1];
  form.set('login', upn ?? unescapeHtml(firstUser ?? ''));
  form.set('action', action);
  const action_ = /<form[^>]*action="([^"]*)"/.exec(consentPage.body)?.[1];
  const consentUrl = new URL(action_ ? unescapeHtml(action_) : start.location, start.location);
  const consented = await manual(consentUrl.toString(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  if (consented.status !== 302 || !consented.location) throw new Error(`The consent page answered ${consented.status}`);

  const callback = await manual(consented.location, { headers: gatewayCookie });
  if (callback.status === 302) return { finalUrl: callback.location, status: 302, body: '' };
  if (!callback.body.includes('name="state"')) return { finalUrl: null, status: callback.status, body: callback.body };

  const state = unescapeHtml(/name="state" value="([^"]*)"/.exec(callback.body)?.[1] ?? '');
  const offered = /name="environment_url" value="([^"]*)"/.exec(callback.body)?.[1];
  const choice = new URLSearchParams({ state, environment_url: environmentUrl ?? unescapeHtml(offered ?? '') });
  const done = await manual(`${gatewayUrl}/connect/environment`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...gatewayCookie },
    body: choice.toString(),
  });
  return { finalUrl: done.status === 302 ? done.location : null, status: done.status, body: done.body };
}

module.exports = { connectHeadless };
