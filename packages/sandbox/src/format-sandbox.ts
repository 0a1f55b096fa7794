import type { Sandbox } from './types.js';

/** The plain data of a running sandbox (what `--json` prints and `GET /_sandbox` answers). */
export function sandboxInfo(sandbox: Sandbox): Pick<Sandbox, 'url' | 'misoca' | 'helloasso'> {
  return { url: sandbox.url, misoca: sandbox.misoca, helloasso: sandbox.helloasso };
}

/**
 * Describes a running sandbox for people: endpoints, clients, the Misoca user, the fault admin URL.
 * The values are sandbox-only credentials, printed on purpose.
 *
 * @example
 * ```ts
 * process.stdout.write(formatSandbox(await startSandbox()));
 * ```
 */
export function formatSandbox(sandbox: Sandbox): string {
  const { misoca, helloasso } = sandbox;
  const rows = (entries: [string, string][]) => entries.map(([k, v]) => `  ${k.padEnd(17)}${v}`).join('\n');
  return `oauthkit sandbox at ${sandbox.url}

Misoca
${rows([
  ['API base', misoca.baseUrl],
  ['authorize', misoca.authorizeUrl],
  ['token', misoca.tokenUrl],
  ['revoke', misoca.revokeUrl],
  ['client id', misoca.clientId],
  ['client secret', misoca.clientSecret],
  ['scopes', misoca.scopes.join(' ')],
  ['user', `${misoca.user.username} / ${misoca.user.password}`],
  ['redirect URIs', 'any http://127.0.0.1:<port>/… or http://localhost:<port>/…'],
])}

HelloAsso
${rows([
  ['API base', helloasso.baseUrl],
  ['authorize', helloasso.authorizeUrl],
  ['token', helloasso.tokenUrl],
  ['disconnect', helloasso.disconnectUrl],
  ['client id', helloasso.clientId],
  ['client secret', helloasso.clientSecret],
  ['organization', helloasso.organizationSlug],
  ['signature key', helloasso.signatureKey],
])}

Faults: POST ${sandbox.url}/_sandbox/faults {"path":"/helloasso/v5/","status":503,"times":2}; DELETE to clear.
`;
}
