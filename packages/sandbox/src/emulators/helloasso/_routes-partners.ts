import { isResponse, ownOrganization } from './_access.js';
import { emptyOk, ok, paginate } from './_responses.js';
import type { HaContext, HaHandler, HaNotificationUrl } from './_types.js';

function urlModel(entry: HaNotificationUrl, signatureKey: string): Record<string, unknown> {
  return {
    url: entry.url,
    ...(entry.apiNotificationType ? { apiNotificationType: entry.apiNotificationType } : {}),
    signatureKey,
  };
}

function setUrl(context: HaContext, organizationSlug: string | undefined, signatureKey: string) {
  const type = typeof context.body.notificationType === 'string' ? context.body.notificationType : undefined;
  const list = context.state.notificationUrls;
  const index = list.findIndex(
    (e) => e.organizationSlug === organizationSlug && e.apiNotificationType === type,
  );
  const entry: HaNotificationUrl = {
    url: String(context.body.url),
    ...(type ? { apiNotificationType: type } : {}),
    ...(organizationSlug ? { organizationSlug } : {}),
  };
  if (index >= 0) list[index] = entry;
  else list.push(entry);
  return ok(urlModel(entry, signatureKey));
}

function deleteUrl(context: HaContext, organizationSlug: string | undefined) {
  const type = context.params.notificationType;
  context.state.notificationUrls = context.state.notificationUrls.filter(
    (e) =>
      !(e.organizationSlug === organizationSlug && (type === undefined || e.apiNotificationType === type)),
  );
  return emptyOk;
}

/** Partner routes; every registered URL is signed with the sandbox's one signature key. */
export function partnerRoutes(signatureKey: string): Record<string, HaHandler> {
  return {
    'GET /partners/me': (context) => {
      const orgs = context.state.organizations;
      return ok({
        name: 'sandbox-partner',
        displayName: 'Partenaire du Sandbox',
        description: 'Partenaire de démonstration du sandbox oauthkit',
        url: 'https://partenaire.example.fr',
        logo: null,
        logoRectangle: null,
        apiClient: {
          id: context.request.caller?.clientId ?? null,
          partnerName: 'sandbox-partner',
          privileges: [
            'AccessPublicData',
            'AccessTransactions',
            'Checkout',
            'FormAdministration',
            'RefundManagement',
          ],
          domain: context.state.partnerDomain,
        },
        urlNotificationList: context.state.notificationUrls
          .filter((e) => !e.organizationSlug)
          .map((e) => urlModel(e, signatureKey)),
        partnerStatistics: {
          linkedOrganizationsCount: orgs.length,
          linkedOrganizationsCollectedAmount: context.state.orders.reduce(
            (s, o) => s + Number((o.amount as { total: number }).total),
            0,
          ),
          checkoutCollectedAmount: 0,
          organizationsUsingCheckout: 1,
          availableOrganizationsAccessTokenCount: orgs.length,
        },
      });
    },
    'PUT /partners/me/api-clients': (context) => {
      context.state.partnerDomain = typeof context.body.domain === 'string' ? context.body.domain : null;
      return emptyOk;
    },
    'GET /partners/me/organizations': (context) => {
      const data = context.state.organizations.map((o) => {
        const {
          galleryImages: _g,
          videos: _v,
          longDescription: _l,
          facebookPage: _f,
          twitterPage: _t,
          webSite: _w,
          ...org
        } = o;
        return {
          organization: { ...structuredClone(org), linkedPartners: ['sandbox-partner'] },
          availableAccessToken: true,
        };
      });
      return paginate(context, data, { unknownTotals: true });
    },
    'PUT /partners/me/api-notifications': (context) => setUrl(context, undefined, signatureKey),
    'DELETE /partners/me/api-notifications': (context) => deleteUrl(context, undefined),
    'PUT /partners/me/api-notifications/organizations/{organizationSlug}': (context) => {
      const org = ownOrganization(context);
      return isResponse(org) ? org : setUrl(context, org.organizationSlug, signatureKey);
    },
    'DELETE /partners/me/api-notifications/organizations/{organizationSlug}': (context) => {
      const org = ownOrganization(context);
      return isResponse(org) ? org : deleteUrl(context, org.organizationSlug);
    },
  };
}
