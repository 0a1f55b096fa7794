import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HelloAssoSandbox, startHelloAssoSandbox } from '../../support/helloasso-sandbox.js';
import { finished, startScript } from '../../support/run-script.js';

const TTL_SECONDS = 3;
let ha: HelloAssoSandbox;
let dir: string;
beforeAll(async () => {
  ha = await startHelloAssoSandbox({ accessTokenTtlSeconds: TTL_SECONDS });
  dir = await mkdtemp(join(tmpdir(), 'oauthkit-ha-file-'));
});
afterAll(async () => {
  await ha.close();
  await rm(dir, { recursive: true, force: true });
});

function worker(file: string) {
  return finished(
    startScript('test/support/helloasso-file-store-worker.ts', [file], dir, {
      HELLOASSO_SANDBOX: JSON.stringify(ha.sandbox.helloasso),
    }),
  );
}

describe('two processes sharing a FileTokenStore', () => {
  it('spend the refresh token once across a renewal', async () => {
    const file = join(dir, 'tokens.json');
    const first = await worker(file);
    expect(first).toMatchObject({ code: 0, stdout: `${ha.sandbox.helloasso.organizationSlug}\n` });
    expect(ha.sandbox.tokenRequests().helloasso).toEqual({ client_credentials: 1 });
    await sleep(TTL_SECONDS * 1000 + 200);
    const results = await Promise.all([worker(file), worker(file)]);
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0 });
    expect(ha.sandbox.tokenRequests().helloasso).toEqual({ client_credentials: 1, refresh_token: 1 });
    const bearers = ha.exchanges.map((exchange) => String(exchange.headers.authorization));
    expect(bearers).toHaveLength(3);
    expect(bearers[1]).toBe(bearers[2]);
    expect(bearers[1]).not.toBe(bearers[0]);
  });
});
