import { ApiError, ConfigurationError } from 'oauthkit';
import { HelloAsso, helloAssoErrorMessages, mfaCode } from 'oauthkit/helloasso';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HelloAssoSandbox,
  sandboxClientOptions,
  startHelloAssoSandbox,
} from '../../support/helloasso-sandbox.js';

const ORG = 'les-amis-du-sandbox';
let ha: HelloAssoSandbox;
let helloasso: HelloAsso;

beforeAll(async () => {
  ha = await startHelloAssoSandbox();
  helloasso = new HelloAsso({ ...sandboxClientOptions(ha), retry: { retries: 0 } });
});
afterAll(() => ha.close());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );

describe('HelloAsso errors', () => {
  it('turns the three body shapes into ApiError.messages', async () => {
    const shapes = [
      {
        status: 404,
        body: { errors: [{ code: 'NotFound', message: 'No organization' }] },
        expected: ['NotFound: No organization'],
      },
      {
        status: 400,
        body: {
          title: 'One or more validation errors occurred.',
          status: 400,
          errors: { pageSize: ['too big'] },
        },
        expected: ['One or more validation errors occurred.', 'pageSize: too big'],
      },
      {
        status: 403,
        body: { error: 'unauthorized_client', error_description: 'Not allowed' },
        expected: ['unauthorized_client: Not allowed'],
      },
    ];
    for (const shape of shapes) {
      ha.sandbox.faults.add({ path: '/helloasso/v5/organizations/', status: shape.status, body: shape.body });
      const error = await failure(helloasso.organizations.get({ organizationSlug: ORG }));
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(shape.status);
      expect((error as ApiError).messages).toEqual(shape.expected);
    }
    expect(helloAssoErrorMessages('plain text')).toEqual(['plain text']);
  });

  it("gives the refund's 409 MFA answer a typed code, and passes the MFA headers by their spec names", async () => {
    const order = ha.emulation.state.orders.find((o) => o.organizationSlug === ORG && o.payments.length > 0);
    if (!order) throw new Error('no paid order in the seed');
    const paymentId = (order.payments[0] as { id: number }).id;
    ha.sandbox.faults.add({
      path: /\/refund$/,
      status: 409,
      body: {
        errors: [{ code: 'AuthorizationErrors.MFA.AccessOtpSmsRequired', message: 'SMS code required' }],
      },
    });
    const error = await failure(helloasso.payments.refund({ paymentId, amount: 100 }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'AuthorizationErrors.MFA.AccessOtpSmsRequired' });
    expect(mfaCode(error)).toBe('AuthorizationErrors.MFA.AccessOtpSmsRequired');
    await helloasso.payments.refund({ paymentId, amount: 100, 'x-mfa-sms-access-authorization': '123456' });
    const sent = ha.exchanges.at(-1);
    expect(sent?.operation).toBe('POST /payments/{paymentId}/refund');
    expect(sent?.headers['x-mfa-sms-access-authorization']).toBe('123456');
    expect(sent?.query).toBe('amount=100');
    expect(mfaCode(new Error('x'))).toBeUndefined();
  });

  it('refuses misspelled and unsafe options with a ConfigurationError', () => {
    const base = { clientId: 'id', clientSecret: 'secret' };
    expect(() => new HelloAsso({ ...base, enviroment: 'sandbox' } as never)).toThrow(ConfigurationError);
    expect(() => new HelloAsso({ ...base, enviroment: 'sandbox' } as never)).toThrow(
      /unknown option "enviroment"/,
    );
    expect(() => new HelloAsso({ ...base, environment: 'staging' as never })).toThrow(ConfigurationError);
    expect(
      () =>
        new HelloAsso({
          ...base,
          environment: { apiBase: 'http://api.example.org', authBase: 'https://a.example.org' },
        }),
    ).toThrow(/https/);
    expect(() => new HelloAsso({ clientId: 'id' } as never)).toThrow(/clientSecret is required/);
    expect(
      () => new HelloAsso({ ...base, tokenGetter: () => null, tokenSetter: () => {}, store: {} as never }),
    ).toThrow(/either store or tokenGetter/);
    expect(new HelloAsso(base).environment).toEqual({
      apiBase: 'https://api.helloasso.com',
      authBase: 'https://auth.helloasso.com',
    });
    expect(new HelloAsso({ ...base, environment: 'sandbox' }).environment).toEqual({
      apiBase: 'https://api.helloasso-sandbox.com',
      authBase: 'https://auth.helloasso-sandbox.com',
    });
  });
});
