import { describe, expect, it } from 'vitest';
import { createHelloAssoState } from '../src/emulators/helloasso/_seed.js';
import { createMisocaState } from '../src/emulators/misoca/_seed.js';
import { loadSpec } from '../src/openapi/load-spec.js';
import { readOperations } from '../src/openapi/operations.js';
import { SpecRouter } from '../src/openapi/router.js';
import { misocaResponseQuirks } from '../src/openapi/schema-transform.js';
import { SpecValidator } from '../src/openapi/validator.js';

const misocaSpec = loadSpec('misoca-api-v3-swagger.json');
const helloassoSpec = loadSpec('helloasso-v5-openapi.json');
const misocaOps = readOperations(misocaSpec);
const helloassoOps = readOperations(helloassoSpec);
const op = (list: typeof misocaOps, key: string) => list.find((o) => o.key === key)!;

describe('spec loading and routing', () => {
  it('reads both specs: bodies, parameters and security', () => {
    const postInvoice = op(misocaOps, 'POST /invoice');
    expect(postInvoice.bodySchema).toEqual({ $ref: '#/definitions/postInvoice' });
    expect(postInvoice.responses['201']).toEqual({ $ref: '#/definitions/ApiEntity_Invoice' });
    const forms = op(helloassoOps, 'GET /organizations/{organizationSlug}/forms');
    expect(forms.parameters.map((p) => p.name)).toEqual([
      'organizationSlug',
      'states',
      'formTypes',
      'pageIndex',
      'pageSize',
      'continuationToken',
    ]);
    expect(op(helloassoOps, 'GET /values/form/{formType}/types').secured).toBe(false);
    expect(op(helloassoOps, 'GET /values/tags').secured).toBe(true);
  });

  it('prefers literal segments over parameters and tells 405 from 404', () => {
    const router = new SpecRouter(helloassoOps);
    const quick = router.match('POST', '/organizations/club/forms/Event/action/quick-create');
    expect(quick.kind === 'match' && quick.match.operation.key).toBe(
      'POST /organizations/{organizationSlug}/forms/{formType}/action/quick-create',
    );
    const publicForm = router.match('GET', '/organizations/club/forms/Event/f%C3%AAte/public');
    expect(publicForm.kind === 'match' && publicForm.match.pathParams).toEqual({
      organizationSlug: 'club',
      formType: 'Event',
      formSlug: 'fête',
    });
    expect(router.match('DELETE', '/values/tags').kind).toBe('method-not-allowed');
    expect(router.match('GET', '/nothing/here').kind).toBe('none');
  });
});

describe('SpecValidator', () => {
  const misoca = new SpecValidator(misocaSpec, { responseQuirks: misocaResponseQuirks });
  const strictMisoca = new SpecValidator(misocaSpec);
  const helloasso = new SpecValidator(helloassoSpec);

  it('coerces query strings to declared types, applies defaults and reads repeated keys as arrays', () => {
    const check = helloasso.checkRequest(
      op(helloassoOps, 'GET /organizations/{organizationSlug}/payments'),
      { organizationSlug: 'x' },
      new URLSearchParams('states=Authorized&states=Refused&pageSize=5&from=2025-01-01'),
      {},
      undefined,
    );
    expect(check.issues).toEqual([]);
    expect(check.params).toMatchObject({
      states: ['Authorized', 'Refused'],
      pageSize: 5,
      pageIndex: 1,
      from: '2025-01-01',
    });
  });

  it('names the field of every problem', () => {
    const check = helloasso.checkRequest(
      op(helloassoOps, 'POST /organizations/{organizationSlug}/checkout-intents'),
      { organizationSlug: 'x' },
      new URLSearchParams(),
      {},
      {
        totalAmount: '10',
        initialAmount: 10,
        itemName: '',
        backUrl: 'b',
        errorUrl: 'e',
        returnUrl: 'r',
        containsDonation: false,
        payer: { country: 'FR' },
      },
    );
    expect(check.issues.map((i) => `${i.field} ${i.message}`)).toEqual([
      'totalAmount must be integer',
      'itemName must NOT have fewer than 1 characters',
      'payer.country must NOT have fewer than 3 characters',
    ]);
  });

  it('accepts OpenAPI nullable fields as null', () => {
    const getOrder = op(helloassoOps, 'GET /orders/{orderId}');
    expect(helloasso.checkResponse(getOrder, 200, { id: 1, formSlug: null, payer: { email: null } })).toEqual(
      [],
    );
    expect(helloasso.checkResponse(getOrder, 200, { id: 1, amount: { total: 10.5 } })).toEqual([
      '/amount/total must be integer',
    ]);
  });

  it('allows only the documented Misoca quirks: numeric strings for numbers and null dates', () => {
    const getItem = op(misocaOps, 'GET /dealing_item/{id}');
    const item = {
      id: 1,
      name: 'A',
      unit_price: '12345.0',
      unit_name: '個',
      excluding_withholding_tax: false,
      tax_type: 'USE_SENDER',
      lock_version: 0,
      created_at: '2026-01-01T10:00:00.000+09:00',
      updated_at: '2026-01-01T10:00:00.000+09:00',
    };
    expect(misoca.checkResponse(getItem, 200, item)).toEqual([]);
    expect(strictMisoca.checkResponse(getItem, 200, item)).toEqual(['/unit_price must be number']);
    expect(misoca.checkResponse(getItem, 200, { ...item, unit_price: 'twelve' })).toEqual([
      '/unit_price must match pattern "^-?\\d+(\\.\\d+)?$"',
    ]);
    expect(misoca.checkResponse(getItem, 200, { ...item, id: '1' })).toEqual(['/id must be integer']);
    expect(misoca.checkResponse(getItem, 200, { ...item, name: null })).toEqual(['/name must be string']);
    expect(misoca.checkResponse(getItem, 200, { ...item, created_at: null })).toEqual([]);
  });
});

describe('seeded data', () => {
  it('is the same for the same seed and differs for another seed', () => {
    expect(createMisocaState(5)).toEqual(createMisocaState(5));
    expect(createMisocaState(5)).not.toEqual(createMisocaState(6));
    expect(createHelloAssoState(5, 'org')).toEqual(createHelloAssoState(5, 'org'));
    expect(createHelloAssoState(5, 'org').orders).not.toEqual(createHelloAssoState(6, 'org').orders);
  });
});

describe('unknown fields', () => {
  it('are ignored in request bodies (as ASP.NET and Grape do) but reported, by name, in responses', () => {
    const validator = new SpecValidator(helloassoSpec);
    const init = op(helloassoOps, 'POST /organizations/{organizationSlug}/checkout-intents');
    const body = {
      totalAmount: 100,
      initialAmount: 100,
      itemName: 'x',
      backUrl: 'b',
      errorUrl: 'e',
      returnUrl: 'r',
      containsDonation: false,
      newerApiField: true,
    };
    expect(
      validator.checkRequest(init, { organizationSlug: 'o' }, new URLSearchParams(), {}, body).issues,
    ).toEqual([]);
    expect(validator.checkResponse(init, 200, { id: 1, redirectUrl: 'u', extra: 1 })).toEqual([
      '/ must NOT have additional properties (extra)',
    ]);
  });
});
