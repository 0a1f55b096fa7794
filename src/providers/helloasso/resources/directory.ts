import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/helloasso-openapi.js';

/** `helloasso.directory`: searches over HelloAsso's public directory (the body holds the filters). */
export function directoryResource(bind: OperationBinder<paths>) {
  return {
    /** Searches the forms visible in the directory (`POST /directory/forms`); paged by continuation token. */
    searchForms: bind.paged('directory.searchForms', 'POST /directory/forms'),
    /** Searches the organizations visible in the directory (`POST /directory/organizations`); paged by continuation token. */
    searchOrganizations: bind.paged('directory.searchOrganizations', 'POST /directory/organizations'),
  };
}

/** The methods of `helloasso.directory`. */
export type HelloAssoDirectory = ReturnType<typeof directoryResource>;
