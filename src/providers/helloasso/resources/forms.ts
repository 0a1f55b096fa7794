import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/helloasso-openapi.js';

/** `helloasso.forms`: an organization's forms (events, memberships, donations, shops, ...). */
export function formsResource(bind: OperationBinder<paths>) {
  return {
    /** Lists the organization's forms (`GET /organizations/{organizationSlug}/forms`); paged. */
    list: bind.paged('forms.list', 'GET /organizations/{organizationSlug}/forms'),
    /** The form types the organization uses (`GET /organizations/{organizationSlug}/formTypes`). */
    listTypes: bind.json('forms.listTypes', 'GET /organizations/{organizationSlug}/formTypes'),
    /** One form's public details (`GET …/forms/{formType}/{formSlug}/public`). */
    getPublic: bind.json(
      'forms.getPublic',
      'GET /organizations/{organizationSlug}/forms/{formType}/{formSlug}/public',
    ),
    /** Creates an event from a few details and simple prices (`POST …/forms/{formType}/action/quick-create`). */
    quickCreate: bind.json(
      'forms.quickCreate',
      'POST /organizations/{organizationSlug}/forms/{formType}/action/quick-create',
    ),
    /**
     * Updates a form's state (`PUT …/forms/{formType}/{formSlug}/state`). The
     * spec gives it no `security`; the token is sent anyway (HelloAsso refuses the call without it).
     */
    setState: bind.json(
      'forms.setState',
      'PUT /organizations/{organizationSlug}/forms/{formType}/{formSlug}/state',
    ),
  };
}

/** The methods of `helloasso.forms`. */
export type HelloAssoForms = ReturnType<typeof formsResource>;
