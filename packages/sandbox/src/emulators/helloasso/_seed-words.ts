/** Word lists for HelloAsso's seeded data (French associations, people and places). */
export const FIRST_NAMES = [
  'Camille',
  'Léa',
  'Manon',
  'Chloé',
  'Inès',
  'Jade',
  'Louise',
  'Hugo',
  'Lucas',
  'Gabriel',
  'Arthur',
  'Louis',
  'Jules',
  'Théo',
  'Nathan',
  'Élodie',
  'Mathilde',
  'Antoine',
  'Baptiste',
  'Zoé',
] as const;

/** Seed vocabulary: last names. */
export const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'Fournier',
  'Girard',
  'Bonnet',
  'Lambert',
  'Rousseau',
] as const;

/** Seed vocabulary: cities. */
export const CITIES = [
  { city: 'Paris', zipCode: '75011', address: '12 rue Oberkampf' },
  { city: 'Lyon', zipCode: '69007', address: '8 avenue Jean Jaurès' },
  { city: 'Marseille', zipCode: '13001', address: '45 La Canebière' },
  { city: 'Bordeaux', zipCode: '33000', address: '3 cours de l’Intendance' },
  { city: 'Nantes', zipCode: '44000', address: '17 quai de la Fosse' },
  { city: 'Lille', zipCode: '59000', address: '21 rue Nationale' },
  { city: 'Toulouse', zipCode: '31000', address: '2 place du Capitole' },
  { city: 'Rennes', zipCode: '35000', address: '9 rue de la Monnaie' },
] as const;

/** Seed vocabulary: other organizations. */
export const OTHER_ORGANIZATIONS = [
  {
    slug: 'club-de-football-de-montreuil',
    name: 'Club de football de Montreuil',
    city: 'Montreuil',
    zip: '93100',
  },
  { slug: 'theatre-des-lilas', name: 'Théâtre des Lilas', city: 'Les Lilas', zip: '93260' },
  { slug: 'restos-du-quartier', name: 'Les Restos du quartier', city: 'Lyon', zip: '69003' },
] as const;

/** The forms each seeded organization runs: type, slug, title, tiers (label, price in cents, tier type). */
export const FORM_TEMPLATES = [
  {
    formType: 'Membership',
    slug: 'adhesion-2025',
    title: 'Adhésion 2025',
    tiers: [
      ['Adhésion individuelle', 2500, 'Membership'],
      ['Adhésion famille', 4000, 'Membership'],
    ],
  },
  {
    formType: 'Event',
    slug: 'fete-de-printemps',
    title: 'Fête de printemps',
    tiers: [
      ['Entrée adulte', 1200, 'Registration'],
      ['Entrée enfant', 500, 'Registration'],
    ],
  },
  {
    formType: 'Donation',
    slug: 'soutenir-nos-actions',
    title: 'Soutenir nos actions',
    tiers: [['Don', 3000, 'Donation']],
  },
  {
    formType: 'CrowdFunding',
    slug: 'un-local-pour-tous',
    title: 'Un local pour tous',
    tiers: [
      ['Contribution libre', 2000, 'Donation'],
      ['Pack soutien', 5000, 'Payment'],
    ],
  },
  {
    formType: 'Shop',
    slug: 'boutique-solidaire',
    title: 'Boutique solidaire',
    tiers: [
      ['T-shirt', 1500, 'Product'],
      ['Tote bag', 800, 'Product'],
    ],
  },
  {
    formType: 'PaymentForm',
    slug: 'stage-d-ete',
    title: 'Stage d’été',
    tiers: [['Semaine de stage', 12000, 'Payment']],
  },
  {
    formType: 'Checkout',
    slug: 'default',
    title: 'Paiements en ligne',
    tiers: [['Paiement', 1000, 'Payment']],
  },
] as const;

/** Seed vocabulary: tags. */
export const TAGS = ['solidarite', 'sport', 'culture', 'education', 'environnement', 'sante'] as const;
