import type { Translations } from './da';

/** English. Same keys as da.ts (the type makes a missing or extra key a compile error). */
export const en: Translations = {
  app: {
    name: 'Gevinst',
    tagline: 'Benefits realisation for municipal digitalisation',
  },
  common: {
    loading: 'Loading …',
    dismiss: 'Dismiss',
    save: 'Save',
    cancel: 'Cancel',
    yes: 'Yes',
    no: 'No',
    total: 'Total',
    year: 'Year',
    none: 'None',
  },
  layout: {
    skipToContent: 'Skip to content',
    mainNavigation: 'Main navigation',
    signOut: 'Sign out',
    language: 'Language',
    footer: 'Gevinst – every change is kept as an event and can be verified.',
  },
  role: {
    'case-author': 'Case author',
    finance: 'Finance',
    management: 'Management',
    'department-head': 'Department head',
    auditor: 'Auditor',
    admin: 'Administrator',
  },
  nav: {
    portfolio: 'Portfolio',
    cases: 'Business cases',
    myCases: 'My business cases',
    newCase: 'New business case',
    harvestPlan: 'Harvest plan',
    departments: 'Departments',
    myDepartment: 'My department',
    history: 'History',
    asOf: 'Portfolio as of a date',
    verification: 'Verification',
    exports: 'Exports',
  },
  signIn: {
    title: 'Sign in',
    devTitle: 'Development identities',
    devBody: 'This installation runs with named development identities. Choose who to sign in as.',
    as: 'Sign in as {{name}}',
    departments: 'department: {{departments}}',
    signingIn: 'Signing in …',
    expired: 'Your session has expired. Please sign in again.',
    oidcTitle: "Sign in with the municipality's login",
    oidcBody: "This installation uses the municipality's login (OIDC). Sign in through the municipality's portal; signing in directly from this page is not built yet.",
    unreachable: 'Cannot reach Gevinst. Please try again shortly.',
  },
  forbidden: {
    title: 'No access',
    body: 'Your role does not give access to this page.',
  },
  notFound: {
    title: 'Page not found',
    body: 'There is no page at this address.',
  },
  notAvailable: {
    title: 'Not available yet',
    body: '{{feature}} is not available in this version of Gevinst yet. The page shows no figures until the system can provide them.',
    awaits: 'Waiting for:',
  },
  problem: {
    apiSaid: 'The system said:',
    unknown: 'An error occurred.',
    network: 'No connection to Gevinst. Check your connection and try again.',
    validation: 'Some fields are not filled in correctly.',
    unauthenticated: 'You are not signed in, or your session has expired.',
    forbidden: 'Your role may not do this.',
    'not-found': 'It does not exist.',
    'revision-conflict': 'Someone else changed this in the meantime. Reload the page and try again.',
    'four-eyes': 'Four eyes: whoever proposes a budget cut cannot also approve it.',
    'store-unavailable': 'Gevinst cannot save right now. Please try again shortly.',
    status: {
      '400': 'The request is not valid.',
      '403': 'Your role may not do this.',
      '404': 'It does not exist.',
      '409': 'That is not possible in the current state.',
      '422': 'That breaks a rule.',
      '500': 'An error occurred in the system.',
      '503': 'Gevinst is not available right now.',
    },
  },
  form: {
    errorSummary_one: 'There is {{count}} problem with the form',
    errorSummary_other: 'There are {{count}} problems with the form',
  },
  portfolio: {
    title: 'Portfolio',
  },
  cases: {
    title: 'Business cases',
  },
  caseDetail: {
    title: 'Business case',
  },
  caseForm: {
    newTitle: 'New business case',
  },
  harvestPlan: {
    title: 'Harvest plan',
  },
  departments: {
    title: 'Departments',
  },
  department: {
    title: 'Department: {{department}}',
    ledger: "The department's ledger of gains and budget cuts",
  },
  audit: {
    history: { title: 'History' },
    'as-of': { title: 'Portfolio as of a date' },
    verification: { title: 'Verification' },
    exports: { title: 'Exports' },
  },
};
