import { isResponse, knownOrganization, ownOrganization } from './_access.js';
import { haDate } from './_models.js';
import { emptyOk, haError, ok, paginate } from './_responses.js';
import { formModel } from './_seed.js';
import type { HaContext, HaForm, HaHandler } from './_types.js';

const LIGHT_FIELDS = [
  'banner',
  'currency',
  'description',
  'startDate',
  'endDate',
  'logo',
  'meta',
  'state',
  'title',
  'privateTitle',
  'widgetButtonUrl',
  'widgetFullUrl',
  'widgetVignetteHorizontalUrl',
  'widgetVignetteVerticalUrl',
  'widgetCounterUrl',
  'formSlug',
  'formType',
  'url',
  'organizationSlug',
];

function lightForm(form: HaForm): Record<string, unknown> {
  return Object.fromEntries(LIGHT_FIELDS.filter((k) => k in form).map((k) => [k, structuredClone(form[k])]));
}

/** Forms of an organization; "if no filter is given, none is applied" (so deleted forms are listed too). */
function formsOf(context: HaContext, slug: string): HaForm[] {
  const states = context.params.states as string[] | undefined;
  const types = context.params.formTypes as string[] | undefined;
  return context.state.forms.filter(
    (f) =>
      f.organizationSlug === slug &&
      (!states || states.includes(f.state)) &&
      (!types || types.includes(f.formType)),
  );
}

function findForm(context: HaContext): HaForm | undefined {
  const { organizationSlug, formType, formSlug } = context.params;
  return context.state.forms.find(
    (f) => f.organizationSlug === organizationSlug && f.formType === formType && f.formSlug === formSlug,
  );
}

function slugify(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function quickCreate(context: HaContext) {
  const org = ownOrganization(context);
  if (isResponse(org)) return org;
  // HelloAsso documents quick-create for events only.
  if (context.params.formType !== 'Event') {
    return haError(
      400,
      'FormTypeNotSupported',
      `Quick creation is only available for Event forms, not ${String(context.params.formType)}`,
    );
  }
  const title = String(context.body.title);
  let slug = slugify(title) || 'evenement';
  while (
    context.state.forms.some((f) => f.organizationSlug === org.organizationSlug && f.formSlug === slug)
  ) {
    slug = `${slug}-${context.state.nextId++}`;
  }
  const tierList = Array.isArray(context.body.tierList)
    ? (context.body.tierList as { label?: string; price?: number }[])
    : [];
  const tiers = tierList.map((t) => [t.label ?? 'Entrée', t.price ?? 0, 'Registration'] as const);
  const form = formModel(
    org,
    { formType: 'Event', slug, title, tiers },
    context.state.nextId,
    context.now.getTime(),
  );
  context.state.nextId += tiers.length + 1;
  form.state = 'Draft';
  for (const key of ['description', 'startDate', 'endDate', 'privateTitle'] as const) {
    if (typeof context.body[key] === 'string') form[key] = context.body[key];
  }
  context.state.forms.push(form);
  context.notify('Form', structuredClone(form));
  return ok({ formSlug: slug, organizationSlug: org.organizationSlug, publicUrl: form.url });
}

/** Forms (campaigns): lists, types in use, public detail, quick creation and state changes. */
export const formRoutes: Record<string, HaHandler> = {
  'GET /organizations/{organizationSlug}/forms': (context) => {
    const org = knownOrganization(context);
    if (isResponse(org)) return org;
    const forms = formsOf(context, org.organizationSlug).sort((a, b) =>
      String((b.meta as { createdAt: string }).createdAt).localeCompare(
        String((a.meta as { createdAt: string }).createdAt),
      ),
    );
    return paginate(context, forms.map(lightForm));
  },
  'GET /organizations/{organizationSlug}/formTypes': (context) => {
    const org = knownOrganization(context);
    if (isResponse(org)) return org;
    return ok([...new Set(formsOf(context, org.organizationSlug).map((f) => f.formType))]);
  },
  'GET /organizations/{organizationSlug}/forms/{formType}/{formSlug}/public': (context) => {
    const form = findForm(context);
    if (!form || form.state === 'Deleted')
      return haError(404, 'NotFound', `Form "${String(context.params.formSlug)}" not found`);
    return ok(structuredClone(form));
  },
  'POST /organizations/{organizationSlug}/forms/{formType}/action/quick-create': quickCreate,
  'PUT /organizations/{organizationSlug}/forms/{formType}/{formSlug}/state': (context) => {
    const org = ownOrganization(context);
    if (isResponse(org)) return org;
    const form = findForm(context);
    if (!form) return haError(404, 'NotFound', `Form "${String(context.params.formSlug)}" not found`);
    if (typeof context.body.state === 'string') form.state = context.body.state;
    (form.meta as Record<string, unknown>).updatedAt = haDate(context.now.getTime());
    context.notify('Form', structuredClone(form));
    return emptyOk;
  },
};
