import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHelloAssoApi } from '../src/emulators/helloasso/api.js';
import { createMisocaApi } from '../src/emulators/misoca/api.js';
import { apiRequest } from './support/api-request.js';

const misoca = createMisocaApi();
const helloasso = createHelloAssoApi();
const fillers = [
  '1',
  '0',
  '-5',
  'abc',
  '2001',
  '10001',
  'les-amis-du-sandbox',
  'Event',
  'x%20y',
  '99999999999',
];

function concretePath(template: string, values: string[]): string {
  let index = 0;
  return template.replace(/\{[^}]+\}/g, () => encodeURIComponent(values[index++ % values.length] ?? '1'));
}

const queryArb = fc.array(
  fc.tuple(
    fc.constantFrom(
      'page',
      'per_page',
      'pageIndex',
      'pageSize',
      'states',
      'type',
      'from',
      'amount',
      'trashed',
      'continuationToken',
    ),
    fc.oneof(fc.constantFrom(...fillers), fc.string({ maxLength: 12 })),
  ),
  { maxLength: 4 },
);

describe('the emulations never fail with a 5xx, whatever the request', () => {
  for (const [name, api] of [
    ['Misoca', misoca],
    ['HelloAsso', helloasso],
  ] as const) {
    it(`${name}: random paths, queries and JSON bodies get 2xx/3xx/4xx answers`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...api.operations),
          fc.array(fc.constantFrom(...fillers), { minLength: 1, maxLength: 4 }),
          queryArb,
          fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }),
          async (operation, values, query, body) => {
            const search = new URLSearchParams(query).toString();
            const request = apiRequest(
              operation.method,
              `${concretePath(operation.pathTemplate, values)}?${search}`,
              {
                body,
                caller: { clientId: 'fuzz', scopes: ['write'] },
              },
            );
            const response = await api.handle(request);
            expect(response.status).toBeGreaterThanOrEqual(200);
            expect(response.status).toBeLessThan(500);
            if (response.status >= 400) expect(response.json).toBeDefined();
          },
        ),
        { numRuns: 400, seed: 20_261_123 },
      );
    });
  }
});
