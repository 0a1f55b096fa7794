import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/helloasso-openapi.js';

/** `helloasso.organizations`: the associations (and other organizations) HelloAsso collects for. */
export function organizationsResource(bind: OperationBinder<paths>) {
  return {
    /** One organization's public details (`GET /organizations/{organizationSlug}`). */
    get: bind.json('organizations.get', 'GET /organizations/{organizationSlug}'),
  };
}

/** The methods of `helloasso.organizations`. */
export type HelloAssoOrganizations = ReturnType<typeof organizationsResource>;
