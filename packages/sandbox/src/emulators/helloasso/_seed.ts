import { SeededRandom } from '../../openapi/seeded-random.js';
import { buildOrder, haDate } from './_models.js';
import { CITIES, FIRST_NAMES, FORM_TEMPLATES, LAST_NAMES, OTHER_ORGANIZATIONS } from './_seed-words.js';
import type { HaForm, HaOrganization, HaState } from './_types.js';

/** How many orders the seed creates for the sandbox's own organization (enough for many pages). */
export const HELLOASSO_SEED_ORDERS = 250;

const EPOCH = Date.UTC(2025, 0, 2, 9, 0, 0);
const SITE = 'https://www.helloasso-sandbox.com/associations';

function organization(
  slug: string,
  name: string,
  city: string,
  zipCode: string,
  index: number,
): HaOrganization {
  return {
    organizationSlug: slug,
    name,
    url: `${SITE}/${slug}`,
    logo: `https://cdn.helloasso-sandbox.com/img/logos/${slug}.png`,
    description: `${name} rassemble bénévoles et adhérents autour de projets locaux.`,
    longDescription: `${name} est une association loi 1901 basée à ${city}.`,
    city,
    zipCode,
    address: `${10 + index} rue de la République`,
    type: 'Association1901',
    category: 'Sport, loisirs et culture',
    categoryJoId: 6,
    rnaNumber: `W${String(751_000_000 + index * 1111)}`,
    fiscalReceiptEligibility: true,
    fiscalReceiptIssuanceEnabled: index === 0,
    isAuthenticated: true,
    isCashInCompliant: true,
    webSite: `https://www.${slug}.fr`,
    facebookPage: null,
    twitterPage: null,
    galleryImages: [],
    videos: [],
    geolocation: { latitude: 48.85 + index / 100, longitude: 2.35 + index / 100 },
    updateDate: haDate(EPOCH + index * 86_400_000),
    tags: index === 0 ? ['solidarite', 'culture'] : ['sport'],
  };
}

/** A form in the FormPublicModel shape with its tiers (prices in cents). */
export function formModel(
  org: HaOrganization,
  template: {
    formType: string;
    slug: string;
    title: string;
    tiers: readonly (readonly [string, number, string])[];
  },
  firstTierId: number,
  createdAt: number,
): HaForm {
  const url = `${String(org.url)}/${template.formType.toLowerCase()}s/${template.slug}`;
  const meta = { createdAt: haDate(createdAt), updatedAt: haDate(createdAt) };
  return {
    organizationLogo: String(org.logo),
    organizationName: org.name,
    tiers: template.tiers.map(([label, price, tierType], index) => ({
      id: firstTierId + index,
      label,
      description: `${label} — ${template.title}`,
      tierType,
      price,
      vatRate: 0,
      paymentFrequency: 'Single',
      isEligibleTaxReceipt: tierType === 'Donation' || tierType === 'Membership',
      customFields: [],
      extraOptions: [],
      meta,
      isFavorite: index === 0,
    })),
    activityType: template.formType === 'Event' ? 'Fête' : null,
    activityTypeId: template.formType === 'Event' ? 12 : 0,
    currency: 'EUR',
    description: `${template.title} — ${org.name}`,
    startDate: template.formType === 'Event' ? haDate(createdAt + 90 * 86_400_000) : null,
    endDate: template.formType === 'Event' ? haDate(createdAt + 90 * 86_400_000 + 6 * 3_600_000) : null,
    meta,
    state: 'Public',
    title: template.title,
    privateTitle: template.title,
    widgetButtonUrl: `${url}/widget-bouton`,
    widgetFullUrl: `${url}/widget`,
    widgetVignetteHorizontalUrl: `${url}/widget-vignette-horizontale`,
    widgetVignetteVerticalUrl: `${url}/widget-vignette`,
    widgetCounterUrl: `${url}/widget-compteur`,
    formSlug: template.slug,
    formType: template.formType,
    url,
    organizationSlug: org.organizationSlug,
  };
}

/** Creates the seeded, deterministic state of the HelloAsso emulation. */
export function createHelloAssoState(seed: number, ownSlug: string): HaState {
  const random = new SeededRandom(seed);
  const own = organization(ownSlug, 'Les Amis du Sandbox', 'Paris', '75011', 0);
  const organizations = [
    own,
    ...OTHER_ORGANIZATIONS.map((o, i) => organization(o.slug, o.name, o.city, o.zip, i + 1)),
  ];
  const state: HaState = {
    ownOrganizationSlug: ownSlug,
    organizations,
    forms: [],
    orders: [],
    checkoutIntents: [],
    refunds: [],
    notificationUrls: [],
    partnerDomain: null,
    nextId: 900_000,
  };
  let tierId = 5001;
  organizations.forEach((org, orgIndex) => {
    const templates = orgIndex === 0 ? FORM_TEMPLATES : FORM_TEMPLATES.slice(0, 3);
    templates.forEach((template, formIndex) => {
      state.forms.push(formModel(org, template, tierId, EPOCH + (orgIndex * 10 + formIndex) * 86_400_000));
      tierId += template.tiers.length;
    });
  });
  let orderId = 70_001;
  let paymentId = 80_001;
  let itemId = 60_001;
  organizations.forEach((org, orgIndex) => {
    const forms = state.forms.filter((f) => f.organizationSlug === org.organizationSlug);
    const count = orgIndex === 0 ? HELLOASSO_SEED_ORDERS : 12;
    for (let i = 0; i < count; i++) {
      const form = random.pick(forms);
      const firstName = random.pick(FIRST_NAMES);
      const lastName = random.pick(LAST_NAMES);
      const place = random.pick(CITIES);
      const tiers = form.tiers as { id: number; label: string; price: number; tierType: string }[];
      const lines = Array.from({ length: random.int(1, 2) }, () => {
        const tier = random.pick(tiers);
        const amount =
          tier.tierType === 'Donation' ? random.pick([1000, 2000, 3000, 5000, 10000]) : tier.price;
        return { name: tier.label, amount, tierType: tier.tierType, tierId: tier.id, firstName, lastName };
      });
      const date = EPOCH + i * 37 * 3_600_000 + random.int(0, 3_000_000);
      const stateRoll = random.next();
      const paymentState = stateRoll < 0.85 ? 'Authorized' : stateRoll < 0.93 ? 'Refused' : 'Refunded';
      const order = buildOrder({
        id: orderId++,
        organization: org,
        form,
        date,
        payer: {
          email: `${firstName}.${lastName}@example.fr`
            .toLowerCase()
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, ''),
          address: place.address,
          city: place.city,
          zipCode: place.zipCode,
          country: 'FRA',
          firstName,
          lastName,
        },
        lines,
        paymentState,
        paymentId: paymentId++,
        firstItemId: itemId,
        ...(paymentState === 'Authorized' && i < count * 0.7
          ? { cashOutId: 40_001 + Math.floor(i / 25) + orgIndex * 100 }
          : {}),
      });
      itemId += lines.length;
      state.orders.push(order);
    }
  });
  return state;
}
