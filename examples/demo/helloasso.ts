import { setTimeout as sleep } from 'node:timers/promises';
import type { Sandbox } from '@oauthkit/sandbox';
import { MemoryTokenStore, OAuth2Client, OAuthError, type TokenEvent } from 'oauthkit';
import { HelloAsso } from 'oauthkit/helloasso';
import { type DemoStream, ProgressBar } from './progress.js';

/** What the HelloAsso part of the demo did. */
export interface HelloAssoDemoResult {
  orders: number;
  pages: number;
  totalCents: number;
  /** Server answers the API client retried after (the demo injects one 503). */
  retriedStatuses: number[];
  expiresInSeconds: number;
  refreshes: number;
  /** The first refresh token was refused once rotated (`invalid_grant`). */
  oldRefreshTokenRefused: boolean;
}

/**
 * Client credentials with HelloAsso's rules (renew with the refresh token), orders paged with
 * continuation tokens behind a progress bar, one injected 503 retried, and a refresh across
 * the short access-token lifetime.
 */
export async function runHelloAssoDemo(sandbox: Sandbox, progress: DemoStream): Promise<HelloAssoDemoResult> {
  const { helloasso } = sandbox;
  // Only to show that the first refresh token is refused once rotated.
  const client = new OAuth2Client({
    tokenEndpoint: helloasso.tokenUrl,
    clientId: helloasso.clientId,
    clientSecret: helloasso.clientSecret,
    clientAuth: 'client_secret_post',
  });
  const store = new MemoryTokenStore();
  const events: TokenEvent[] = [];
  const retriedStatuses: number[] = [];
  const sdk = new HelloAsso({
    clientId: helloasso.clientId,
    clientSecret: helloasso.clientSecret,
    environment: helloasso,
    store,
    key: 'default',
    retry: { minDelayMs: 50 },
    onEvent: (e) => events.push(e),
    onResponse: (event) => {
      if (event.status >= 500 || event.status === 429) retriedStatuses.push(event.status);
    },
  });
  const organizationSlug = helloasso.organizationSlug;
  const ordersPath = `/organizations/${organizationSlug}/orders`;
  sandbox.faults.add({ method: 'GET', path: `/helloasso/v5${ordersPath}`, status: 503, times: 1 });
  const probe = await sdk.orders.list({ organizationSlug, pageSize: 1 });
  const first = (await store.get('default'))?.tokens;
  const expiresInSeconds = first?.expiresAt ? Math.round((first.expiresAt - Date.now()) / 1000) : 0;

  const bar = new ProgressBar(progress, 'HelloAsso orders', probe.pagination?.totalCount ?? null);
  let orders = 0;
  let pages = 0;
  let totalCents = 0;
  const pageSize = 20;
  for await (const order of sdk.paginate(sdk.orders.list, { organizationSlug, pageSize })) {
    if (orders % pageSize === 0) pages += 1;
    orders += 1;
    totalCents += order.amount?.total ?? 0;
    bar.update(orders);
  }
  bar.done(`(${pages} pages)`);

  // Let the access token expire, then call again: the manager renews it with the refresh token.
  const current = (await store.get('default'))?.tokens;
  if (current?.expiresAt) await sleep(Math.max(0, current.expiresAt - Date.now()) + 100);
  await sdk.orders.list({ organizationSlug, pageSize: 1 });
  let oldRefreshTokenRefused = false;
  if (first?.refreshToken && first.refreshToken !== (await store.get('default'))?.tokens.refreshToken) {
    oldRefreshTokenRefused = await client.refresh(first.refreshToken).then(
      () => false,
      (error: unknown) => error instanceof OAuthError && error.error === 'invalid_grant',
    );
  }
  return {
    orders,
    pages,
    totalCents,
    retriedStatuses,
    expiresInSeconds,
    refreshes: events.filter((e) => e.type === 'refresh').length,
    oldRefreshTokenRefused,
  };
}
