import { escapeHtml } from '../http-messages.js';

/** What the consent page shows and carries through its form. */
export interface ConsentPageOptions {
  providerTitle: string;
  clientId: string;
  /** Where the form posts (the authorize endpoint's path). */
  action: string;
  /** The authorization request's parameters, carried as hidden fields. */
  params: Record<string, string>;
  /** The form's CSRF token (`consent_token`), bound to the request. */
  consentToken: string;
  scopes: readonly string[];
  /** Ask for the user's credentials (Misoca); HelloAsso asks only to approve for an organization. */
  login: { usernameHint: string } | null;
  organizationSlug?: string;
  /** Shown above the form after a failed login. */
  error?: string;
}

const STYLE = `body{font:16px system-ui,sans-serif;background:#f4f5f7;margin:0}
main{max-width:420px;margin:48px auto;background:#fff;padding:24px 28px;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:20px}label{display:block;margin:12px 0 4px}input[type=text],input[type=password]{width:100%;padding:8px;box-sizing:border-box}
.buttons{display:flex;gap:12px;margin-top:20px}button{flex:1;padding:10px;font-size:16px;cursor:pointer}
#approve{background:#2463eb;color:#fff;border:0;border-radius:4px}.error{color:#b00020}.hint{color:#666;font-size:13px}`;

/** Renders the sandbox's login + consent page (server-rendered HTML, no script). */
export function renderConsentPage(options: ConsentPageOptions): string {
  const hidden = Object.entries(options.params)
    .filter(([name]) => !['username', 'password', 'decision', 'consent_token'].includes(name))
    .concat([['consent_token', options.consentToken]])
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const scopes =
    options.scopes.length > 0
      ? `<p>Requested access: <strong id="scopes">${escapeHtml(options.scopes.join(' '))}</strong></p>`
      : '';
  const organization = options.organizationSlug
    ? `<p>Organization: <strong id="organization">${escapeHtml(options.organizationSlug)}</strong></p>`
    : '';
  const login = options.login
    ? `<label for="username">Email</label>
<input type="text" id="username" name="username" autocomplete="username" placeholder="${escapeHtml(options.login.usernameHint)}">
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<p class="hint">Sandbox user: ${escapeHtml(options.login.usernameHint)} (see the sandbox's startup output for the password).</p>`
    : '';
  const error = options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.providerTitle)} sandbox – authorize ${escapeHtml(options.clientId)}</title>
<style>${STYLE}</style></head>
<body><main>
<h1>${escapeHtml(options.providerTitle)} (sandbox)</h1>
<p>The application <strong id="client">${escapeHtml(options.clientId)}</strong> asks to access your account.</p>
${scopes}${organization}${error}
<form method="post" action="${escapeHtml(options.action)}">
${hidden}
${login}
<div class="buttons">
<button type="submit" id="approve" name="decision" value="approve">Approve</button>
<button type="submit" id="deny" name="decision" value="deny">Deny</button>
</div>
</form>
</main></body>
</html>
`;
}
