import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
// @ts-expect-error the generator is a plain .mjs script without type declarations
import { PROVIDERS, renderTypes } from '../../scripts/generate-types.mjs';

describe('generated provider types', () => {
  for (const provider of PROVIDERS as { spec: string; out: string }[]) {
    it(`${provider.out} is what npm run generate writes from ${provider.spec}`, async () => {
      const committed = await readFile(provider.out, 'utf8');
      const fresh: string = await renderTypes(provider);
      expect(fresh.length).toBeGreaterThan(10_000);
      // Compared as text: any drift between spec and committed file fails here; run `npm run generate`.
      expect(committed === fresh, `${provider.out} is stale: run npm run generate`).toBe(true);
    }, 60_000);
  }
});
