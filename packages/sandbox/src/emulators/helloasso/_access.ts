import type { ProviderApiResponse } from '../../provider-api.js';
import { findOrganization } from './_models.js';
import { haError } from './_responses.js';
import type { HaContext, HaOrganization } from './_types.js';

/** The organization in the path, or a 404 in HelloAsso's shape. */
export function knownOrganization(context: HaContext): HaOrganization | ProviderApiResponse {
  const slug = context.params.organizationSlug;
  const org = findOrganization(context.state, slug);
  return org ?? haError(404, 'NotFound', `Organization "${String(slug)}" not found`);
}

/**
 * Admin data (orders, payments, cash-outs, form administration) is reachable only for the organization
 * the token belongs to: the client's own organization for client credentials, the organization that
 * approved the grant for an authorization-code token.
 */
export function forbiddenUnlessOwn(context: HaContext, slug: unknown): ProviderApiResponse | undefined {
  if (slug === context.callerOrganizationSlug) return undefined;
  return haError(
    403,
    'Forbidden',
    `The JWT token hasn't the privileges or Roles for this action on organization "${String(slug)}"`,
  );
}

/** The path's organization when the caller administers it, else the 404/403 to answer. */
export function ownOrganization(context: HaContext): HaOrganization | ProviderApiResponse {
  const org = knownOrganization(context);
  if (!('organizationSlug' in org)) return org;
  return forbiddenUnlessOwn(context, org.organizationSlug) ?? org;
}

/** Type guard separating a found record from an error response. */
export function isResponse(value: unknown): value is ProviderApiResponse {
  return typeof value === 'object' && value !== null && 'status' in value && typeof value.status === 'number';
}
