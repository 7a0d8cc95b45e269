import { RuleViolated } from '../shared/errors';

/** One recorded setting of one scope. pct null: the scope's override is cleared from that year. */
export interface RetainedShareSetting {
  readonly pct: number | null;
  readonly effectiveFromYear: number;
  readonly reason: string;
  readonly setBy: string;
  readonly setAt: string;
}

/** The whole policy: per scope, every setting in the order it was recorded. */
export interface RetainedSharePolicyState {
  readonly defaults: readonly RetainedShareSetting[];
  readonly departments: Readonly<Record<string, readonly RetainedShareSetting[]>>;
  readonly cases: Readonly<Record<string, readonly RetainedShareSetting[]>>;
}

export type RetainedShareSource = 'case' | 'department' | 'default';

export interface RetainedShareInForce {
  readonly pct: number;
  readonly source: RetainedShareSource;
  readonly effectiveFromYear: number;
}

export interface RetainedShareQuery {
  readonly departmentId: string;
  readonly caseId?: string;
  readonly year: number;
}

/**
 * The settings recorded for one department or case. Own keys only: an id such as
 * "constructor" or "toString" is an id like any other, not a property of Object.prototype.
 */
export const settingsOf = (
  byKey: Readonly<Record<string, readonly RetainedShareSetting[]>>,
  key: string,
): readonly RetainedShareSetting[] | undefined => (Object.prototype.hasOwnProperty.call(byKey, key) ? byKey[key] : undefined);

/**
 * The setting of one scope that governs `year`: the one with the greatest effectiveFromYear
 * that is ≤ year; of several with that year, the one recorded last. So each setting holds from
 * its year until the next later-effective setting of the same scope, and a change effective
 * from a later year never touches an earlier one.
 */
export const settingInForce = (
  settings: readonly RetainedShareSetting[] | undefined,
  year: number,
): RetainedShareSetting | undefined => {
  let found: RetainedShareSetting | undefined;
  for (const setting of settings ?? []) {
    if (setting.effectiveFromYear <= year && (!found || setting.effectiveFromYear >= found.effectiveFromYear)) {
      found = setting;
    }
  }
  return found;
};

/**
 * The retained share in force for a department (and optionally a case) in a budget year.
 * Precedence: the case's setting, then the department's, then the municipality's default; a
 * cleared override falls through to the next. Undefined when nothing at all is in force.
 */
export const retainedShareInForce = (
  policy: RetainedSharePolicyState,
  query: RetainedShareQuery,
): RetainedShareInForce | undefined => {
  const scopes: [RetainedShareSource, readonly RetainedShareSetting[] | undefined][] = [
    ['case', query.caseId === undefined ? undefined : settingsOf(policy.cases, query.caseId)],
    ['department', settingsOf(policy.departments, query.departmentId)],
    ['default', policy.defaults],
  ];
  for (const [source, settings] of scopes) {
    const setting = settingInForce(settings, query.year);
    if (setting && setting.pct !== null) {
      return { pct: setting.pct, source, effectiveFromYear: setting.effectiveFromYear };
    }
  }
  return undefined;
};

/** As retainedShareInForce, but a year without any policy is a rule violation. */
export const requireRetainedShareInForce = (
  policy: RetainedSharePolicyState,
  query: RetainedShareQuery,
): RetainedShareInForce => {
  const inForce = retainedShareInForce(policy, query);
  if (!inForce) {
    throw new RuleViolated(
      'no-retained-share-policy',
      `No retained share is in force for department ${query.departmentId} in ${query.year}`,
      { departmentId: query.departmentId, caseId: query.caseId ?? null, year: query.year },
    );
  }
  return inForce;
};

/**
 * The share in force for each of the given years, keyed by year as a string (the shape
 * ProposeBudgetCut takes). Years with no policy in force are left out.
 */
export const retainedSharesByYear = (
  policy: RetainedSharePolicyState,
  query: { readonly departmentId: string; readonly caseId?: string; readonly years: readonly number[] },
): Record<string, number> => {
  const shares: Record<string, number> = {};
  for (const year of query.years) {
    const inForce = retainedShareInForce(policy, { departmentId: query.departmentId, caseId: query.caseId, year });
    if (inForce) shares[String(year)] = inForce.pct;
  }
  return shares;
};
