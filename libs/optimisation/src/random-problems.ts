/**
 * Seeded random selection problems, for the solver's tests and the benchmark. Not exported from
 * the library's index: test support.
 */
import { constraintName, type ConstraintRef, type SelectionProblem, type SelectionRow } from '@gevinst/domain';

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
