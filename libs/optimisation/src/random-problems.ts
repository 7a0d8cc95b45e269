/**
 * Seeded random selection problems, for the solver's tests and the benchmark. Not exported from
 * the library's index: test support.
 */
import {
  constraintName,
  emptyConstraints,
  type ConstraintRef,
  type PortfolioCandidate,
  type PortfolioConstraints,
  type SelectionProblem,
  type SelectionRow,
} from '@gevinst/domain';

const YEARS = [2027, 2028, 2029, 2030, 2031];

/** mulberry32: a small, fast, seeded PRNG (same sequence on every machine). */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export interface RandomProblemShape {
  items: number;
  budgetRows: number;
  hourRows: number;
  dependencies: number;
  forcedIn: number;
  forcedOut: number;
  /** Budgets as a share of what all items would use (0–1]. */
  tightness: number;
  /** Largest cost of one item in one year (øre). */
  maxCost: number;
}

/**
 * A problem shaped like a municipal portfolio: each item invests in one or two consecutive years,
 * uses staff hours (hundredths) in those years, and has an NPV that is a noisy multiple of its
 * cost (some negative). Forced cases and dependencies are drawn at random, so some problems are
 * infeasible.
 */
export const randomProblem = (rnd: () => number, shape: RandomProblemShape): SelectionProblem => {
  const n = shape.items;
  const years = Math.max(shape.budgetRows, shape.hourRows, 1);
  const int = (max: number): number => Math.floor(rnd() * max);
  const cost: number[][] = [];
  const hours: number[][] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = int(years);
    const size = Math.max(1, Math.round(shape.maxCost * Math.exp(rnd() * 3 - 3)));
    cost.push(Array.from({ length: years }, (_, y) => (y === start ? size : y === start + 1 && rnd() < 0.5 ? Math.round(size * rnd() * 0.5) : 0)));
    hours.push(Array.from({ length: years }, (_, y) => (y >= start && y <= start + 1 && rnd() < 0.7 ? int(200_000) : 0)));
    values.push(Math.round(size * (Math.exp(rnd() * 2 - 1) - 0.7)));
  }
  const rows: SelectionRow[] = [];
  const row = (ref: ConstraintRef, coefficients: number[]): void => {
    const total = coefficients.reduce((s, a) => s + a, 0);
    rows.push({ ref, name: constraintName(ref), limit: Math.round(total * shape.tightness), coefficients });
  };
  for (let y = 0; y < shape.budgetRows; y++) row({ kind: 'budget', year: 2027 + y }, cost.map((c) => c[y]!));
  for (let y = 0; y < shape.hourRows; y++) row({ kind: 'staff-hours', year: 2027 + y }, hours.map((h) => h[y]!));
  const pick = (count: number, exclude: Set<number>): number[] => {
    const out: number[] = [];
    for (let k = 0; k < count * 3 && out.length < count; k++) {
      const i = int(n);
      if (!exclude.has(i) && !out.includes(i)) out.push(i);
    }
    return out;
  };
  const fixedIn = pick(shape.forcedIn, new Set());
  const fixedOut = pick(shape.forcedOut, new Set(fixedIn));
  const requires: [number, number][] = [];
  for (let k = 0; k < shape.dependencies && n > 1; k++) {
    const b = int(n);
    let a = int(n);
    if (a === b) a = (a + 1) % n;
    requires.push([b, a]);
  }
  return { ids: Array.from({ length: n }, (_, i) => `case-${String(i).padStart(3, '0')}`), values, rows, fixedIn, fixedOut, requires };
};

/**
 * A municipal portfolio (the benchmark's): 5 years 2027–2031, investment and staff-hours limits
 * for each; 3 forced-in and 2 forced-out cases; dependencies a later case needing an earlier one.
 * Shaped like municipal cases: each case invests over one or two years (0.05–2 million kr a year,
 * log-normal), uses internal staff hours in those years and has an NPV that is a noisy multiple
 * of its investment (about a fifth negative).
 */
export function randomPortfolio(seed: number, shape: { candidates: number; dependencies: number }): { candidates: PortfolioCandidate[]; constraints: PortfolioConstraints } {
  const CANDIDATES = shape.candidates;
  const rnd = seededRandom(seed);
  const candidates: PortfolioCandidate[] = [];
  for (let i = 0; i < CANDIDATES; i++) {
    const start = Math.floor(rnd() * 4);
    const size = Math.round(200_000_000 * Math.exp(rnd() * 3.7 - 3.7)); // øre: ~0.05–2 million kr
    const investmentByYear: Record<string, number> = { [String(YEARS[start])]: size };
    if (rnd() < 0.5) investmentByYear[String(YEARS[start + 1])] = Math.round(size * rnd() * 0.5);
    const staffHoursByYear: Record<string, number> = {};
    for (const y of [start, start + 1]) if (rnd() < 0.8) staffHoursByYear[String(YEARS[y])] = Math.round(rnd() * 200_000) / 100;
    const total = Object.values(investmentByYear).reduce((s, a) => s + a, 0);
    const npv = Math.round(total * (Math.exp(rnd() * 2 - 1) - 0.6));
    const savings = Math.max(0, Math.round((npv + total) / 6));
    candidates.push({
      caseId: `case-${String(i).padStart(3, '0')}`,
      title: `Case ${i}`,
      status: rnd() < 0.5 ? 'approved' : 'submitted',
      revision: 1,
      approved: true,
      owningDepartmentId: 'borgerservice',
      topDownEstimate: false,
      startYear: YEARS[start]!,
      horizonYears: 5,
      discountRatePct: 3.5,
      npv,
      npvBudgetEffective: npv,
      benefitCostRatio: 1,
      payback: 3,
      savingsPerYear: savings,
      investmentByYear,
      staffHoursByYear,
      budgetEffectiveByYear: Object.fromEntries(YEARS.map((y, k) => [String(y), k > start ? savings : 0])),
      totalInvestment: total,
      staffHoursUnknown: false,
    });
  }
  const sum = (pick: (c: PortfolioCandidate) => number): number => candidates.reduce((s, c) => s + pick(c), 0);
  const constraints: PortfolioConstraints = {
    ...emptyConstraints('npv'),
    // about a third of what all cases would invest each year; half the staff hours they would use
    budgets: YEARS.map((y) => ({ year: y, amount: Math.round(sum((c) => c.investmentByYear[String(y)] ?? 0) * 0.35) })),
    staffHours: YEARS.map((y) => ({ year: y, hours: Math.round(sum((c) => c.staffHoursByYear[String(y)] ?? 0) * 0.5) })),
    forcedIn: [0, 1, 2].map((k) => ({ caseId: candidates[Math.floor((k * CANDIDATES) / 8)]!.caseId, reason: 'Lovkrav' })),
    forcedOut: [0, 1].map((k) => ({ caseId: candidates[Math.floor(CANDIDATES * 0.8) + k * 11]!.caseId, reason: 'Leverandøren er lukket' })),
    dependencies: [],
  };
  // dependencies, a later case needing an earlier one (no forced-out case needed)
  while (constraints.dependencies.length < shape.dependencies) {
    const a = Math.floor(rnd() * CANDIDATES);
    const b = Math.floor(rnd() * CANDIDATES);
    if (a >= b || constraints.forcedOut.some((f) => f.caseId === candidates[a]!.caseId)) continue;
    constraints.dependencies.push({ caseId: candidates[b]!.caseId, requires: candidates[a]!.caseId, reason: 'Bygger på samme platform' });
  }
  return { candidates, constraints };
}

