import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/helloasso-openapi.js';

/** `helloasso.users`: the user the token belongs to. */
export function usersResource(bind: OperationBinder<paths>) {
  return {
    /** The organizations the user administers (`GET /users/me/organizations`). */
    listMyOrganizations: bind.json('users.listMyOrganizations', 'GET /users/me/organizations'),
  };
}

/** The methods of `helloasso.users`. */
export type HelloAssoUsers = ReturnType<typeof usersResource>;
