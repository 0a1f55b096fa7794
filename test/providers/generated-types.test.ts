import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
// @ts-expect-error the generator is a plain .mjs script without type declarations
import { PROVIDERS, renderParameterTable, renderTypes } from '../../scripts/generate-types.mjs';

type Provider = { spec: string; out: string; cliParameters: string };
type Render = (provider: Provider) => Promise<string>;

describe('generated provider types', () => {
  const outputs: [string, (provider: Provider) => string, Render][] = [
    ['types', (provider) => provider.out, renderTypes],
    ['CLI parameter table', (provider) => provider.cliParameters, renderParameterTable],
  ];
  for (const provider of PROVIDERS as Provider[]) {
    for (const [what, file, render] of outputs) {
      it(`${what} ${file(provider)} is what npm run generate writes from ${provider.spec}`, async () => {
        const committed = await readFile(file(provider), 'utf8');
        const fresh = await render(provider);
        expect(fresh.length).toBeGreaterThan(10_000);
        // Compared as text: any drift between spec and committed file fails here; run `npm run generate`.
        expect(committed === fresh, `${file(provider)} is stale: run npm run generate`).toBe(true);
      }, 60_000);
    }
  }
});
