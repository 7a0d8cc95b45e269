/**
 * The constraints of a portfolio selection, as a person states them (and as a scenario stores
 * them): the objective, an investment budget per year, the internal staff-hours capacity per
 * year, cases forced in or out (each with a reason) and dependencies (case B needs case A).
 * A year without a budget (or capacity) is not limited.
 */
import { InvalidInput, type Ore } from '../shared';

export const PORTFOLIO_OBJECTIVES = ['npv', 'weighted-score'] as const;
export type PortfolioObjective = (typeof PORTFOLIO_OBJECTIVES)[number];

export type YearBudget = { year: number; amount: Ore };
export type YearCapacity = { year: number; hours: number };
export type ForcedCase = { caseId: string; reason: string };
export type CaseDependency = { caseId: string; requires: string; reason?: string };

export type PortfolioConstraints = {
  /** What the selection maximises: the sum of NPV, or of the weighted strategic score. */
  objective: PortfolioObjective;
  /** Investment budget per year (øre): one-off cash costs, see candidate.ts. */
  budgets: YearBudget[];
  /** Internal staff hours available per year. */
  staffHours: YearCapacity[];
  forcedIn: ForcedCase[];
  forcedOut: ForcedCase[];
  /** `caseId` can only be chosen together with `requires`. */
  dependencies: CaseDependency[];
};

export const emptyConstraints = (objective: PortfolioObjective = 'npv'): PortfolioConstraints => ({
  objective,
  budgets: [],
  staffHours: [],
  forcedIn: [],
  forcedOut: [],
  dependencies: [],
});

export type ConstraintError = { field: string; code: string; message: string };

const isYear = (y: unknown): boolean => Number.isSafeInteger(y) && (y as number) >= 2000 && (y as number) <= 2100;
const hasTwoDecimals = (x: number): boolean => Math.abs(Math.round(x * 100) - x * 100) < 1e-6;

/**
 * Every error in the constraints, with its field path (`budgets[1].amount`,
 * `dependencies[0].requires`). Case ids must name candidates. A case both forced in and out
 * is not an input error but a contradiction: the feasibility check names it.
 */
export const constraintErrors = (c: PortfolioConstraints, candidateIds: ReadonlySet<string>): ConstraintError[] => {
  const errors: ConstraintError[] = [];
  const add = (field: string, code: string, message: string): void => void errors.push({ field, code, message });
  if (!(PORTFOLIO_OBJECTIVES as readonly string[]).includes(c.objective)) add('objective', 'unknown-value', `objective must be one of ${PORTFOLIO_OBJECTIVES.join(', ')}`);
  const years = (rows: { year: number }[], name: string): void => {
    const seen = new Set<number>();
    rows.forEach((r, i) => {
      if (!isYear(r.year)) add(`${name}[${i}].year`, 'out-of-range', 'year must be a calendar year 2000–2100');
      else if (seen.has(r.year)) add(`${name}[${i}].year`, 'duplicate-year', `${r.year} appears twice`);
      seen.add(r.year);
    });
  };
  years(c.budgets, 'budgets');
  c.budgets.forEach((b, i) => {
    if (!Number.isSafeInteger(b.amount) || b.amount < 0) add(`budgets[${i}].amount`, 'not-whole-ore', 'amount must be a whole, non-negative number of øre');
  });
  years(c.staffHours, 'staffHours');
  c.staffHours.forEach((s, i) => {
    if (!Number.isFinite(s.hours) || s.hours < 0 || s.hours > 1e9 || !hasTwoDecimals(s.hours)) add(`staffHours[${i}].hours`, 'out-of-range', 'hours must be 0–1 000 000 000 with at most 2 decimals');
  });
  const caseRef = (id: string, field: string): void => {
    if (!candidateIds.has(id)) add(field, 'not-a-candidate', `${id} is not a candidate (a submitted or approved case that is not closed)`);
  };
  for (const [name, list] of [['forcedIn', c.forcedIn], ['forcedOut', c.forcedOut]] as const) {
    const seen = new Set<string>();
    list.forEach((f, i) => {
      caseRef(f.caseId, `${name}[${i}].caseId`);
      if (seen.has(f.caseId)) add(`${name}[${i}].caseId`, 'duplicate-id', `${f.caseId} appears twice`);
      seen.add(f.caseId);
      if (typeof f.reason !== 'string' || f.reason.trim() === '') add(`${name}[${i}].reason`, 'reason-required', 'A forced case needs a reason');
    });
  }
  c.dependencies.forEach((d, i) => {
    caseRef(d.caseId, `dependencies[${i}].caseId`);
    caseRef(d.requires, `dependencies[${i}].requires`);
    if (d.caseId === d.requires) add(`dependencies[${i}].requires`, 'self-reference', 'A case cannot depend on itself');
  });
  return errors;
};

/** Throws InvalidInput for the first error (all of them in `details.errors`). */
export const validateConstraints = (c: PortfolioConstraints, candidateIds: ReadonlySet<string>): void => {
  const errors = constraintErrors(c, candidateIds);
  const first = errors[0];
  if (first) throw new InvalidInput(first.code, first.message, first.field, { errors });
};
