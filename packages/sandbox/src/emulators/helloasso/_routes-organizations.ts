import { isResponse, knownOrganization } from './_access.js';
import { haError, ok, paginate } from './_responses.js';
import { TAGS } from './_seed-words.js';
import type { HaContext, HaHandler, HaOrganization } from './_types.js';

const CATEGORIES = [
  [1, 'Culture', 'Culture'],
  [2, 'Sports', 'Sports'],
  [3, 'Loisirs', 'Loisirs'],
  [4, 'Action sociale', 'Social'],
  [5, 'Environnement', 'Environnement'],
  [6, 'Éducation, formation', 'Éducation'],
] as const;

const LEGAL_STATUSES = [
  'Association loi 1901',
  'Fondation',
  'Fonds de dotation',
  'Entreprise',
  'Collectivité',
];

const ACTIVITIES: Record<string, string[]> = {
  Event: ['Concert', 'Fête', 'Conférence', 'Compétition sportive', 'Spectacle'],
  Membership: ['Cotisation', 'Adhésion'],
  Donation: ['Don'],
};

function lightModel(org: HaOrganization, role: string): Record<string, unknown> {
  const { organizationSlug, name, logo, city, zipCode, description, updateDate, categoryJoId, url } = org;
  return { logo, name, role, city, zipCode, description, updateDate, categoryJoId, url, organizationSlug };
}

function publicModel(org: HaOrganization): Record<string, unknown> {
  const { tags: _tags, ...model } = org;
  return structuredClone(model);
}

function directoryForms(context: HaContext) {
  const types = context.body.formTypes;
  const name = typeof context.body.formName === 'string' ? context.body.formName.toLowerCase() : '';
  const forms = context.state.forms
    .filter((f) => f.state === 'Public')
    .filter((f) => !Array.isArray(types) || types.length === 0 || types.includes(f.formType))
    .filter((f) => name === '' || f.title.toLowerCase().includes(name))
    .map((f) => ({
      action: 'Insert',
      record: {
        formSlug: f.formSlug,
        formType: f.formType,
        url: f.url,
        organizationSlug: f.organizationSlug,
      },
    }));
  return paginate(context, forms, { unknownTotals: true });
}

function directoryOrganizations(context: HaContext) {
  const cities = context.body.cities;
  const orgs = context.state.organizations
    .filter((o) => !Array.isArray(cities) || cities.length === 0 || cities.includes(o.city))
    .map((o) => ({ action: 'Insert', record: { url: o.url, organizationSlug: o.organizationSlug } }));
  return paginate(context, orgs, { unknownTotals: true });
}

/** Organizations, the caller's organizations, value lists, tags and the directory. */
export const organizationRoutes: Record<string, HaHandler> = {
  'GET /organizations/{organizationSlug}': (context) => {
    const org = knownOrganization(context);
    return isResponse(org) ? org : ok(publicModel(org));
  },
  'GET /users/me/organizations': (context) => {
    const org = context.state.organizations.find(
      (o) => o.organizationSlug === context.callerOrganizationSlug,
    );
    return ok(org ? [lightModel(org, 'OrganizationAdmin')] : []);
  },
  'GET /values/organization/categories': () =>
    ok(CATEGORIES.map(([id, label, shortLabel]) => ({ id, label, shortLabel }))),
  'GET /values/tags': () =>
    ok(TAGS.map((name, index) => ({ name, score: Math.round((1 - index / 10) * 100) / 100 }))),
  'GET /values/company-legal-status': () =>
    ok(LEGAL_STATUSES.map((label, index) => ({ id: index + 1, label }))),
  'GET /values/form/{formType}/types': (context) => {
    const labels = ACTIVITIES[String(context.params.formType)] ?? [];
    return ok(labels.map((label, index) => ({ id: index + 10, label, shortLabel: label })));
  },
  'GET /tags/{tagName}': (context) => {
    const name = String(context.params.tagName);
    const index = TAGS.indexOf(name as (typeof TAGS)[number]);
    if (index < 0) return haError(404, 'NotFound', `Tag "${name}" not found`);
    const orgs = context.state.organizations.filter((o) => (o.tags as string[]).includes(name));
    const slugs = new Set(orgs.map((o) => o.organizationSlug));
    const amount = context.state.orders
      .filter((o) => slugs.has(o.organizationSlug))
      .reduce((sum, o) => sum + Number((o.amount as { total: number }).total), 0);
    return ok({
      id: index + 1,
      name,
      tagType: 'Internal',
      ...(context.params.withCount === true
        ? {
            formCount: context.state.forms.filter((f) => slugs.has(f.organizationSlug)).length,
            organizationCount: orgs.length,
          }
        : {}),
      ...(context.params.withAmount === true ? { amountCollected: amount } : {}),
    });
  },
  'POST /directory/forms': directoryForms,
  'POST /directory/organizations': directoryOrganizations,
};
