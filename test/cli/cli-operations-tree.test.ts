import { describe, expect, it } from 'vitest';
import { PARAMETERS as HELLOASSO } from '../../src/cli/operations/generated/helloasso-parameters.js';
import { PARAMETERS as MISOCA } from '../../src/cli/operations/generated/misoca-parameters.js';
import { catalogSdk, sdkOperations } from '../../src/cli/operations/provider-sdk.js';

// The operation commands come from the SDK instances' methods joined with the spec's parameter
// tables: every method has its row (by the SDK's `resource.method` name), every path parameter a
// required flag, every header parameter of the SDK a header flag.
describe('the operation command tree', () => {
  for (const [provider, table, count] of [
    ['misoca', MISOCA, 36],
    ['helloasso', HELLOASSO, 35],
  ] as const) {
    it(`${provider}: ${count} commands, each with its spec parameters`, async () => {
      const operations = await sdkOperations(await catalogSdk(provider));
      expect(operations).toHaveLength(count);
      expect(Object.keys(table)).toHaveLength(count);
      for (const { resource, method, info } of operations) {
        expect(info.name).toBe(`${resource}.${method}`);
        const spec = table[`${info.method} ${info.path}`];
        expect(spec, `${info.name} has a row`).toBeDefined();
        for (const [, name] of info.path.matchAll(/\{([^}]+)\}/g)) {
          expect(spec?.parameters.find((parameter) => parameter.name === name)).toMatchObject({
            in: 'path',
            required: true,
          });
        }
        for (const header of info.headerParams) {
          expect(spec?.parameters.find((parameter) => parameter.name === header)?.in).toBe('header');
        }
      }
    });
  }

  it('reads types, enums and bodies from the specs', () => {
    const list = MISOCA['GET /invoices']!.parameters;
    expect(list.find((p) => p.name === 'payment_status')).toMatchObject({
      type: 'string',
      enum: ['unpaid', 'paid'],
    });
    expect(list.find((p) => p.name === 'per_page')).toMatchObject({ type: 'integer', required: false });
    expect(MISOCA['POST /contact']?.body).toBe('required');
    expect(MISOCA['GET /invoice/{id}']?.body).toBe('none');
    const orders = HELLOASSO['GET /organizations/{organizationSlug}/orders']!.parameters;
    expect(orders.find((p) => p.name === 'formTypes')).toMatchObject({
      type: 'array',
      items: { type: 'string' },
    });
    expect(orders.find((p) => p.name === 'formTypes')?.items?.enum).toContain('Membership');
    expect(orders.find((p) => p.name === 'sortOrder')).toMatchObject({ enum: ['Asc', 'Desc'] });
    expect(orders.find((p) => p.name === 'withDetails')).toMatchObject({ type: 'boolean' });
  });
});
