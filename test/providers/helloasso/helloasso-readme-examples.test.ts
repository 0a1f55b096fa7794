import { createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transform } from 'esbuild';
import * as core from 'oauthkit';
import * as sdk from 'oauthkit/helloasso';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HelloAssoSandbox, startHelloAssoSandbox } from '../../support/helloasso-sandbox.js';

let ha: HelloAssoSandbox;
let dir: string;
beforeAll(async () => {
  ha = await startHelloAssoSandbox({ autoApprove: true });
  dir = await mkdtemp(join(tmpdir(), 'oauthkit-ha-readme-'));
});
afterAll(async () => {
  await ha.close();
  await rm(dir, { recursive: true, force: true });
});

/** The ```ts blocks of the README section titled `title`, up to the next `## ` heading. */
async function readmeSection(title: string): Promise<string[]> {
  const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf(`\n## ${title}\n`);
  const next = readme.indexOf('\n## ', start + 1);
  const end = next === -1 ? readme.length : next;
  expect(start).toBeGreaterThan(0);
  return [...readme.slice(start, end).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

async function run(source: string, log: unknown[][]) {
  const body = source.replace(/^import .*$/gm, '');
  const { code } = await transform(`(async () => {\n${body}\n})`, { loader: 'ts' });
  const rawBody = JSON.stringify({ eventType: 'Order', data: { id: 7 } });
  const scope = {
    ...core,
    ...sdk,
    clientId: ha.sandbox.helloasso.clientId,
    clientSecret: ha.sandbox.helloasso.clientSecret,
    environment: ha.sandbox.helloasso,
    organizationSlug: ha.sandbox.helloasso.organizationSlug,
    redirectUri: 'http://127.0.0.1:8765/callback',
    tokenFile: join(dir, 'tokens.json'),
    signatureKey: 'readme-key',
    rawBody,
    headers: { 'x-ha-signature': createHmac('sha256', 'readme-key').update(rawBody).digest('hex') },
    approve: async (url: string) => {
      const answer = await fetch(url, { redirect: 'manual' });
      return String(new URL(String(answer.headers.get('location'))).searchParams.get('code'));
    },
    console: { log: (...args: unknown[]) => log.push(args) },
  };
  const names = Object.keys(scope);
  const fn = new Function(...names, `return ${code}`)(...names.map((n) => scope[n as keyof typeof scope]));
  await fn();
}

describe('README HelloAsso examples, run against the sandbox', () => {
  it("runs each example of 'Coming from HelloAsso's HaApiV5'", async () => {
    const blocks = await readmeSection("Coming from HelloAsso's `HaApiV5`");
    expect(blocks).toHaveLength(3);
    for (const block of blocks) await run(block, []);
    const seen = new Set(ha.exchanges.map((exchange) => exchange.operation));
    expect(seen).toContain('POST /organizations/{organizationSlug}/checkout-intents');
    expect(seen).toContain('GET /users/me/organizations');
    expect(ha.exchanges.every((exchange) => exchange.status < 300)).toBe(true);
  });

  it("runs the '## HelloAsso' examples in order", async () => {
    const blocks = await readmeSection('HelloAsso');
    expect(blocks).toHaveLength(5);
    const log: unknown[][] = [];
    ha.exchanges.length = 0;
    await run(blocks.join('\n'), log);
    expect(log[0]).toEqual([ha.sandbox.helloasso.organizationSlug, 'csrf-1']);
    expect(log[1]).toEqual([true]);
    expect(log[2]).toEqual([7]);
    expect(log[3]?.[0]).toBe(404);
    expect(ha.exchanges.some((exchange) => exchange.operation === 'POST /directory/forms')).toBe(true);
  });
});
