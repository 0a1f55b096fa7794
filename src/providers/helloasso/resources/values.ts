import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/helloasso-openapi.js';

/** `helloasso.values`: HelloAsso's lists of allowed values. */
export function valuesResource(bind: OperationBinder<paths>) {
  return {
    /**
     * The activity types of a form type (`GET /values/form/{formType}/types`). The spec gives it no
     * `security`; the token is sent anyway (HelloAsso refuses the call without it).
     */
    formActivityTypes: bind.json('values.formActivityTypes', 'GET /values/form/{formType}/types'),
    /** The organization categories (`GET /values/organization/categories`). */
    organizationCategories: bind.json('values.organizationCategories', 'GET /values/organization/categories'),
    /** The public tags (`GET /values/tags`). */
    tags: bind.json('values.tags', 'GET /values/tags'),
    /** The legal statuses of companies (`GET /values/company-legal-status`). */
    companyLegalStatuses: bind.json('values.companyLegalStatuses', 'GET /values/company-legal-status'),
  };
}

/** The methods of `helloasso.values`. */
export type HelloAssoValues = ReturnType<typeof valuesResource>;
