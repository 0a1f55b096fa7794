import type { OperationBinder } from '../../sdk/operation-binder.js';
import type { paths } from '../generated/helloasso-openapi.js';

/** `helloasso.partners`: the partner account the API client belongs to, and its notification URLs. */
export function partnersResource(bind: OperationBinder<paths>) {
  return {
    /** The partner's own details (`GET /partners/me`). */
    me: bind.json('partners.me', 'GET /partners/me'),
    /** The organizations that authorized the partner (`GET /partners/me/organizations`); paged by continuation token. */
    listOrganizations: bind.paged('partners.listOrganizations', 'GET /partners/me/organizations'),
    /** Updates the domain of the partner's API client (`PUT /partners/me/api-clients`). */
    updateApiClient: bind.json('partners.updateApiClient', 'PUT /partners/me/api-clients'),
    /** Sets the partner's notification URL (`PUT /partners/me/api-notifications`). */
    setNotificationUrl: bind.json('partners.setNotificationUrl', 'PUT /partners/me/api-notifications'),
    /** Removes the partner's notification URL (`DELETE /partners/me/api-notifications`). */
    deleteNotificationUrl: bind.json(
      'partners.deleteNotificationUrl',
      'DELETE /partners/me/api-notifications',
    ),
    /** Sets the notification URL of one authorized organization (`PUT …/api-notifications/organizations/{organizationSlug}`). */
    setOrganizationNotificationUrl: bind.json(
      'partners.setOrganizationNotificationUrl',
      'PUT /partners/me/api-notifications/organizations/{organizationSlug}',
    ),
    /** Removes one organization's notification URL (`DELETE …/api-notifications/organizations/{organizationSlug}`). */
    deleteOrganizationNotificationUrl: bind.json(
      'partners.deleteOrganizationNotificationUrl',
      'DELETE /partners/me/api-notifications/organizations/{organizationSlug}',
    ),
  };
}

/** The methods of `helloasso.partners`. */
export type HelloAssoPartners = ReturnType<typeof partnersResource>;
