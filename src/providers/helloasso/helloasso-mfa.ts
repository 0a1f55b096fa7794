import { ApiError } from '../../errors/api-error.js';

/**
 * The codes of the refund's 409 answers (POST /payments/{paymentId}/refund): which multi-factor proof
 * HelloAsso wants before it refunds, or that the user has none set up.
 * @see https://dev.helloasso.com/reference/post_payments-paymentid-refund
 */
export type HelloAssoMfaCode =
  | 'AuthorizationErrors.MFA.AccessTokenRequired'
  | 'AuthorizationErrors.MFA.AccessOtpSmsRequired'
  | 'AuthorizationErrors.MFA.AccessPasswordTokenRequired'
  | 'AuthorizationErrors.UserNotEnrolled';

const MFA_CODES: readonly string[] = [
  'AuthorizationErrors.MFA.AccessTokenRequired',
  'AuthorizationErrors.MFA.AccessOtpSmsRequired',
  'AuthorizationErrors.MFA.AccessPasswordTokenRequired',
  'AuthorizationErrors.UserNotEnrolled',
];

/** An `ApiError` of the refund's 409 with its MFA `code`: send the proof in the header it names and retry. */
export type HelloAssoMfaError = ApiError & { readonly code: HelloAssoMfaCode };

/**
 * The MFA code of a refund's 409, or `undefined` for any other error.
 *
 * @example
 * ```ts
 * try { await helloasso.payments.refund({ paymentId }); }
 * catch (error) { if (mfaCode(error) === 'AuthorizationErrors.MFA.AccessTokenRequired') askForTheCode(); }
 * ```
 */
export function mfaCode(error: unknown): HelloAssoMfaCode | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const code = (error as { code?: unknown }).code ?? firstCode(error.body);
  return typeof code === 'string' && MFA_CODES.includes(code) ? (code as HelloAssoMfaCode) : undefined;
}

function firstCode(body: unknown): unknown {
  const errors = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? (errors[0] as { code?: unknown } | undefined)?.code : undefined;
}

/** Wraps the refund method: a 409 with an MFA code rejects with that `code` set on the `ApiError`. */
export function withMfaCodes<M extends (...args: never[]) => Promise<unknown>>(method: M): M {
  const wrapped = async (...args: Parameters<M>) => {
    try {
      return await method(...args);
    } catch (error) {
      const code = mfaCode(error);
      if (code !== undefined) Object.defineProperty(error, 'code', { value: code, enumerable: true });
      throw error;
    }
  };
  for (const key of Reflect.ownKeys(method)) {
    if (key === 'length' || key === 'prototype') continue;
    const descriptor = Object.getOwnPropertyDescriptor(method, key);
    if (descriptor) Object.defineProperty(wrapped, key, descriptor);
  }
  return wrapped as unknown as M;
}
