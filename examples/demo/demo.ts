import { join, relative } from 'node:path';
import { type SandboxTokenRequests, startSandbox } from '@oauthkit/sandbox';
import { type HelloAssoDemoResult, runHelloAssoDemo } from './helloasso.js';
import { type MisocaDemoResult, runMisocaDemo } from './misoca.js';
import type { DemoStream } from './progress.js';

/** Where the demo's files go, under the working directory (git-ignored in this repository). */
export const DEFAULT_OUTPUT_DIR = '.oauthkit-demo';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Where the invoice PDF is saved (default: `.oauthkit-demo/` in the current directory). */
  outputDir?: string;
  /** Summary output (default `process.stdout`). */
  stdout?: DemoStream;
  /** Progress output (default `process.stderr`). */
  stderr?: DemoStream;
  /** Access-token lifetime in the sandbox, short so a refresh shows (default 2 s). */
  accessTokenTtlSeconds?: number;
}

/** What the demo did, for callers that want more than the printed summary. */
export interface DemoResult {
  sandboxUrl: string;
  misoca: MisocaDemoResult;
  helloasso: HelloAssoDemoResult;
  tokenRequests: SandboxTokenRequests;
  durationMs: number;
}

const yen = (amount: number) => `¥${Number(amount).toLocaleString('en-US')}`;
const euros = (cents: number) => `${(cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })} €`;
const counts = (byGrant: Record<string, number>) =>
  Object.entries(byGrant)
    .map(([grant, n]) => `${grant}=${n}`)
    .join(' ');

/**
 * The project's main job, end to end on loopback: start the sandbox, log in to Misoca through
 * the browser flow (auto-approved), list contacts, create an invoice and save its PDF; log in to
 * HelloAsso with client credentials, page through orders, and watch a refresh across a short TTL.
 *
 * @example
 * ```ts
 * const result = await runDemo({ outputDir: '/tmp' });
 * result.misoca.pdfPath; // /tmp/misoca-invoice-INV-….pdf
 * ```
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = performance.now();
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const outputDir = options.outputDir ?? join(process.cwd(), DEFAULT_OUTPUT_DIR);
  const ttl = options.accessTokenTtlSeconds ?? 2;
  const sandbox = await startSandbox({ autoApprove: true, accessTokenTtlSeconds: ttl });
  try {
    stdout.write(`oauthkit demo — sandbox at ${sandbox.url}\n\n`);
    stdout.write('Misoca (authorization code + PKCE through the loopback callback, auto-approved)\n');
    const misoca = await runMisocaDemo(sandbox, outputDir);
    const shownPath = relative(process.cwd(), misoca.pdfPath) || misoca.pdfPath;
    stdout.write(
      [
        `  ✓ logged in as ${misoca.email} (scope: ${misoca.scope})`,
        `  ✓ contacts: ${misoca.contacts} (first: ${misoca.firstContact})`,
        `  ✓ invoice created: ${misoca.invoiceNumber} (id ${misoca.invoiceId}), total ${yen(misoca.invoiceTotal)} incl. tax`,
        `  ✓ PDF saved: ${shownPath.startsWith('..') ? misoca.pdfPath : shownPath} (${misoca.pdfBytes} bytes)`,
        '',
        `HelloAsso (client credentials, organization ${sandbox.helloasso.organizationSlug})`,
        '',
      ].join('\n'),
    );
    const helloasso = await runHelloAssoDemo(sandbox, stderr);
    const retried = helloasso.retriedStatuses.length
      ? `after ${helloasso.retriedStatuses.map((s) => `HTTP ${s}`).join(', ')} (injected fault), retried`
      : 'no retry needed';
    const rotation = helloasso.oldRefreshTokenRefused
      ? 'rotated, old refresh token now refused'
      : 'rotation not observed';
    const tokenRequests = sandbox.tokenRequests();
    stdout.write(
      [
        `  ✓ access token obtained (expires in ${helloasso.expiresInSeconds} s)`,
        `  ✓ orders: ${helloasso.orders} over ${helloasso.pages} pages, total ${euros(helloasso.totalCents)} (${retried})`,
        `  ✓ refresh: ${helloasso.refreshes} across the ${ttl} s TTL with the refresh token (${rotation})`,
        '',
        `Token requests: Misoca ${counts(tokenRequests.misoca)}; HelloAsso ${counts(tokenRequests.helloasso)}` +
          (helloasso.oldRefreshTokenRefused
            ? ' (one of them the refused reuse of the old refresh token)'
            : ''),
      ].join('\n'),
    );
    const durationMs = performance.now() - started;
    stdout.write(`\nDone in ${(durationMs / 1000).toFixed(1)} s.\n`);
    return { sandboxUrl: sandbox.url, misoca, helloasso, tokenRequests, durationMs };
  } finally {
    await sandbox.close();
  }
}
