import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/misoca-openapi.js';

/** `misoca.user`: the account the token belongs to. */
export function userResource(bind: OperationBinder<paths>) {
  return {
    /**
     * The authenticated user (`GET /user/me`): `{ id, email }`. Scope `read` or `write`.
     * Handy right after a login, to show who is logged in.
     *
     * @example
     * ```ts
     * const { email } = await misoca.user.me();
     * ```
     */
    me: bind.json('user.me', 'GET /user/me'),
  };
}

/** The methods of `misoca.user`. */
export type MisocaUser = ReturnType<typeof userResource>;
