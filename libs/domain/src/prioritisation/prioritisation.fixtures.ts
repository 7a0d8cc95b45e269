/**
 * Builders for the prioritisation specs (not exported from the library). Jest-free.
 */
import type { Actor, CommandContext } from '../shared';
import { constraintName, objectiveOf, type ConstraintRef, type SelectionProblem, type SelectionRow, type SelectionSolution, type SelectionSolver } from './selection-problem';
import { bruteForceSelect } from './brute-force';
import type { PortfolioCandidate } from './candidate';

export const NOW = '2026-05-01T09:00:00.000Z';
export const management: Actor = { id: 'mette', role: 'management', departments: [] };
export const finance: Actor = { id: 'frida', role: 'finance', departments: [] };
export const author: Actor = { id: 'carl', role: 'case-author', departments: ['borgerservice'] };
export const head: Actor = { id: 'bo', role: 'department-head', departments: ['borgerservice'] };
export const ctx = (actor: Actor, reason?: string): CommandContext => ({ actor, now: NOW, ...(reason !== undefined ? { reason } : {}) });

/** A candidate with explicit figures (øre; hours). */
export const candidate = (caseId: string, over: Partial<PortfolioCandidate> = {}): PortfolioCandidate => ({
  caseId,
  title: `Case ${caseId}`,
  status: 'approved',
  revision: 1,
  approved: true,
  owningDepartmentId: 'borgerservice',
  topDownEstimate: false,
  startYear: 2027,
  horizonYears: 3,
  discountRatePct: 3.5,
  npv: 1_000_000,
  npvBudgetEffective: 800_000,
  benefitCostRatio: 2,
  payback: 2,
  savingsPerYear: 500_000,
  investmentByYear: { '2027': 1_000_000 },
  staffHoursByYear: {},
  budgetEffectiveByYear: { '2027': 0, '2028': 400_000, '2029': 500_000 },
  totalInvestment: 1_000_000,
  staffHoursUnknown: false,
  ...over,
});

/** The port on the brute-force oracle: proven optimal by exhaustion. */
export const bruteForceSolver = (concurrency = 1): SelectionSolver & { calls: SelectionProblem[] } => {
  const calls: SelectionProblem[] = [];
  return {
    calls,
    concurrency,
    solve: async (problem): Promise<SelectionSolution> => {
      calls.push(problem);
      const best = bruteForceSelect(problem);
      return { selected: best.selected, objective: best.objective, provenOptimal: true, status: 'optimal', gap: 0, bound: best.objective, seconds: 0, solver: 'brute force' };
    },
  };
};

/** mulberry32 */
export const seeded = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** A small random problem (≤ 10 items) with forced cases and dependencies; often infeasible. */
export const smallRandomProblem = (rnd: () => number): SelectionProblem => {
  const n = 1 + Math.floor(rnd() * 10);
  const int = (m: number): number => Math.floor(rnd() * m);
  const rows: SelectionRow[] = [];
  for (let r = 0; r < int(4); r++) {
    const ref: ConstraintRef = r % 2 === 0 ? { kind: 'budget', year: 2027 + r } : { kind: 'staff-hours', year: 2027 + r };
    const coefficients = Array.from({ length: n }, () => (rnd() < 0.3 ? 0 : int(1000)));
    rows.push({ ref, name: constraintName(ref), limit: int(coefficients.reduce((s, a) => s + a, 0) + 1), coefficients });
  }
  const fixedIn = [...new Set(Array.from({ length: int(3) }, () => int(n)))];
  const fixedOut = [...new Set(Array.from({ length: int(2) }, () => int(n)))];
  const requires = Array.from({ length: int(4) }, () => [int(n), int(n)] as const).filter(([b, a]) => a !== b);
  return { ids: Array.from({ length: n }, (_, i) => `c${i}`), values: Array.from({ length: n }, () => int(2000) - 500), rows, fixedIn, fixedOut, requires };
};

/** Every selection, checked: a test of the feasibility explanation independent of it. */
export const anyFeasibleSelection = (problem: SelectionProblem, check: (selected: boolean[]) => boolean): boolean => {
  const n = problem.ids.length;
  for (let mask = 0; mask < 2 ** n; mask++) {
    const selected = Array.from({ length: n }, (_, i) => ((mask >>> i) & 1) === 1);
    if (check(selected)) return true;
  }
  return false;
};

export { objectiveOf };
