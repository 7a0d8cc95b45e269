import type { Role } from '@gevinst/domain';

/**
 * Named identities of the embedded default (AUTH_MODE=dev). They exist so that a new user can
 * try every role at once; production uses OIDC tokens. Print a token with
 * `npm run token -- <id>`.
 */
export interface DevIdentity {
  id: string;
  name: string;
  role: Role;
  departments: string[];
}

/** The two departments the dev identities are scoped to (the demo data registers them). */
export const DEV_DEPARTMENTS = {
  borgerservice: 'borgerservice',
  socialOgSundhed: 'social-og-sundhed',
} as const;

export const DEV_IDENTITIES: readonly DevIdentity[] = [
  { id: 'carl', name: 'Carl Casesen (projektejer, Borgerservice)', role: 'case-author', departments: [DEV_DEPARTMENTS.borgerservice] },
  { id: 'cecilie', name: 'Cecilie Casesen (projektejer, Social og Sundhed)', role: 'case-author', departments: [DEV_DEPARTMENTS.socialOgSundhed] },
  { id: 'frida', name: 'Frida Finans (økonomi)', role: 'finance', departments: [] },
  { id: 'frank', name: 'Frank Finans (økonomi)', role: 'finance', departments: [] },
  { id: 'mette', name: 'Mette Møller (direktion)', role: 'management', departments: [] },
  { id: 'bo', name: 'Bo Borg (chef, Borgerservice)', role: 'department-head', departments: [DEV_DEPARTMENTS.borgerservice] },
  { id: 'sara', name: 'Sara Sund (chef, Social og Sundhed)', role: 'department-head', departments: [DEV_DEPARTMENTS.socialOgSundhed] },
  { id: 'revi', name: 'Rita Revisor (revision)', role: 'auditor', departments: [] },
  { id: 'ada', name: 'Ada Admin (administrator)', role: 'admin', departments: [] },
];

export const findDevIdentity = (id: string): DevIdentity | undefined => DEV_IDENTITIES.find((i) => i.id === id);
