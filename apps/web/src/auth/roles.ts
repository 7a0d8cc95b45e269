/** Roles as the API names them (libs/domain Role); labels are in the i18n resources (role.*). */
export type Role = 'case-author' | 'finance' | 'management' | 'department-head' | 'auditor' | 'admin';

export interface Identity {
  id: string;
  name?: string;
  role: Role;
  departments: string[];
}

export interface NavItem {
  to: string;
  /** i18n key of the label. */
  label: string;
  roles: readonly Role[];
  /** Only for identities scoped to a department: link to their own. */
  departmentScoped?: boolean;
}

export const FINANCE_LIKE: readonly Role[] = ['finance', 'management', 'admin'];
export const READ_ALL: readonly Role[] = ['finance', 'management', 'auditor', 'admin'];
/** May propose, approve, book and reverse budget cuts (four eyes between proposer and approver). */
export const HARVESTERS: readonly Role[] = ['finance'];

/**
 * Role-based navigation. The API enforces every permission; the navigation only shows what a
 * role can use, so that nobody is led to a page that answers 403.
 */
export const NAVIGATION: readonly NavItem[] = [
  // Auditors read everything (and change nothing): the same pages, without the buttons.
  { to: '/portfolio', label: 'nav.portfolio', roles: READ_ALL },
  { to: '/cases', label: 'nav.cases', roles: READ_ALL },
  { to: '/harvest-plan', label: 'nav.harvestPlan', roles: READ_ALL },
  { to: '/departments', label: 'nav.departments', roles: READ_ALL },
  { to: '/cases', label: 'nav.myCases', roles: ['case-author'] },
  { to: '/cases/new', label: 'nav.newCase', roles: ['case-author'] },
  { to: '/departments/:own', label: 'nav.myDepartment', roles: ['department-head'], departmentScoped: true },
  { to: '/audit/history', label: 'nav.history', roles: ['auditor'] },
  { to: '/audit/as-of', label: 'nav.asOf', roles: ['auditor'] },
  { to: '/audit/verification', label: 'nav.verification', roles: ['auditor'] },
  { to: '/audit/exports', label: 'nav.exports', roles: ['auditor'] },
  { to: '/audit/what-if', label: 'nav.whatIf', roles: ['auditor', 'finance', 'management'] },
];

/** The navigation of one identity, with department links resolved to their own departments. */
export function navigationFor(identity: Identity): { to: string; label: string; department?: string }[] {
  const out: { to: string; label: string; department?: string }[] = [];
  for (const item of NAVIGATION) {
    if (!item.roles.includes(identity.role)) continue;
    if (item.departmentScoped) {
      for (const department of identity.departments) out.push({ to: item.to.replace(':own', encodeURIComponent(department)), label: item.label, department });
    } else out.push({ to: item.to, label: item.label });
  }
  return out;
}

/** Where an identity lands after signing in. */
export const homeOf = (identity: Identity): string => navigationFor(identity)[0]?.to ?? '/';
