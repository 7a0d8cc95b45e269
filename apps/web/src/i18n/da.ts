/**
 * Danish: the UI's first language. Domain words follow docs/domain.md (vocabulary).
 * Every key here must exist in en.ts (checked by the type below and by test/web/i18n.test.ts).
 */
export const da = {
  app: {
    name: 'Gevinst',
    tagline: 'Gevinstrealisering for kommunal digitalisering',
  },
  common: {
    loading: 'Henter …',
    dismiss: 'Luk',
    save: 'Gem',
    cancel: 'Annullér',
    yes: 'Ja',
    no: 'Nej',
    total: 'I alt',
    year: 'År',
    none: 'Ingen',
  },
  layout: {
    skipToContent: 'Gå til indhold',
    mainNavigation: 'Hovedmenu',
    signOut: 'Log ud',
    language: 'Sprog',
    footer: 'Gevinst – alle ændringer gemmes som hændelser og kan efterprøves.',
  },
  role: {
    'case-author': 'Projektejer',
    finance: 'Økonomi',
    management: 'Direktion',
    'department-head': 'Afdelingschef',
    auditor: 'Revision',
    admin: 'Administrator',
  },
  nav: {
    portfolio: 'Portefølje',
    cases: 'Business cases',
    myCases: 'Mine business cases',
    newCase: 'Ny business case',
    harvestPlan: 'Høstplan',
    departments: 'Afdelinger',
    myDepartment: 'Min afdeling',
    history: 'Historik',
    asOf: 'Portefølje på en dato',
    verification: 'Verifikation',
    exports: 'Eksport',
  },
  signIn: {
    title: 'Log ind',
    devTitle: 'Udviklingsidentiteter',
    devBody: 'Denne installation kører med navngivne udviklingsidentiteter. Vælg, hvem du vil logge ind som.',
    as: 'Log ind som {{name}}',
    departments: 'afdeling: {{departments}}',
    signingIn: 'Logger ind …',
    expired: 'Din session er udløbet. Log ind igen.',
    oidcTitle: 'Log ind med kommunens login',
    oidcBody: 'Denne installation bruger kommunens login (OIDC). Log ind via kommunens portal; login direkte fra denne side er ikke bygget endnu.',
    unreachable: 'Kan ikke få forbindelse til Gevinst. Prøv igen om lidt.',
  },
  forbidden: {
    title: 'Ingen adgang',
    body: 'Din rolle giver ikke adgang til denne side.',
  },
  notFound: {
    title: 'Siden findes ikke',
    body: 'Der er ingen side på denne adresse.',
  },
  notAvailable: {
    title: 'Ikke tilgængelig endnu',
    body: '{{feature}} er ikke tilgængelig i denne version af Gevinst endnu. Siden viser ingen tal, før systemet kan levere dem.',
    awaits: 'Venter på:',
  },
  problem: {
    apiSaid: 'Svar fra systemet:',
    unknown: 'Der opstod en fejl.',
    network: 'Ingen forbindelse til Gevinst. Tjek din forbindelse og prøv igen.',
    validation: 'Nogle felter er ikke udfyldt korrekt.',
    unauthenticated: 'Du er ikke logget ind, eller din session er udløbet.',
    forbidden: 'Din rolle må ikke gøre dette.',
    'not-found': 'Det findes ikke.',
    'revision-conflict': 'En anden har ændret dette i mellemtiden. Hent siden igen og prøv igen.',
    'four-eyes': 'Fire øjne: den, der foreslår en budgetreduktion, kan ikke også godkende den.',
    'store-unavailable': 'Gevinst kan ikke gemme lige nu. Prøv igen om lidt.',
    status: {
      '400': 'Forespørgslen er ikke gyldig.',
      '403': 'Din rolle må ikke gøre dette.',
      '404': 'Det findes ikke.',
      '409': 'Det kan ikke lade sig gøre i den nuværende tilstand.',
      '422': 'Det strider mod en regel.',
      '500': 'Der opstod en fejl i systemet.',
      '503': 'Gevinst er ikke tilgængelig lige nu.',
    },
  },
  form: {
    errorSummary_one: 'Der er {{count}} fejl i formularen',
    errorSummary_other: 'Der er {{count}} fejl i formularen',
  },
  portfolio: {
    title: 'Portefølje',
  },
  cases: {
    title: 'Business cases',
  },
  caseDetail: {
    title: 'Business case',
  },
  caseForm: {
    newTitle: 'Ny business case',
  },
  harvestPlan: {
    title: 'Høstplan',
  },
  departments: {
    title: 'Afdelinger',
  },
  department: {
    title: 'Afdeling: {{department}}',
    ledger: 'Afdelingens regnskab over gevinster og budgetreduktioner',
  },
  audit: {
    history: { title: 'Historik' },
    'as-of': { title: 'Portefølje på en dato' },
    verification: { title: 'Verifikation' },
    exports: { title: 'Eksport' },
  },
};

/** The shape every language must have: the same keys, strings at the leaves. */
export type Translations = Shape<typeof da>;
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
