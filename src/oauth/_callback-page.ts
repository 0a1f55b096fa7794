/** The small page the browser shows after the redirect; it carries no data from the request. */
export function callbackPage(outcome: 'success' | 'error' | 'ignored', detail?: string): string {
  const title =
    outcome === 'success'
      ? 'Login complete'
      : outcome === 'error'
        ? 'Login failed'
        : 'This request does not belong to the login in progress';
  const text =
    outcome === 'success'
      ? 'You are logged in. You can close this tab and go back to the application.'
      : outcome === 'error'
        ? `The provider answered: ${escapeHtml(detail ?? 'unknown error')}. You can close this tab and try again.`
        : 'The login is still waiting for the browser to come back from the provider.';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
