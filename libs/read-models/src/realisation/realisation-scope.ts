/**
 * Portfolio aggregates of the realisation read model, kept by delta so that a view of the
 * whole municipality reads a handful of small documents, whatever the number of cases.
 *
 * A "pair" is one case's figures in one department: the planned and realised gain per month
 * (from the plan's first month to the month computed through), the approved saving per year,
 * and the booked cuts and retained amounts per budget year. A scope (the municipality, or a
 * department) holds the sums of its pairs per month and per year, and the table that
 * "harvested ahead of realised" needs:
 *
 *   ahead(h, m) = Σ over pairs p of max(0, harvested_p(years ≤ h) − realised_p(months ≤ m))
 *
 * kept for every budget year h in which some pair of the scope has had a cut booked (for any
 * other year y the row of the latest such year ≤ y is the same, because no pair's cumulative
 * harvest changes between them), and every month m of the scope's range.
 */

export type PairFigures = {
  /** Absolute month of index 0 of `planned` and `realised`. */
  base: number;
  planned: number[];
  realised: number[];
  /** The approved budget-effective saving per year (whole years, for context). */
  plannedByYear: Record<string, number>;
  /** Booked cuts per budget year (reversed ones no longer count). */
  harvested: Record<string, number>;
  /** The retained share of the gross of the booked cuts per budget year. */
  retained: Record<string, number>;
};

export type ScopeDoc = {
  scope: string;
  /** Absolute month of column 0; null while the scope has no months. */
  base: number | null;
  planned: number[];
  realised: number[];
  plannedByYear: Record<string, number>;
  harvested: Record<string, number>;
  retained: Record<string, number>;
};

export type AheadDoc = {
  base: number | null;
  /** Budget year → one value per column of the scope. */
  rows: Record<string, number[]>;
};

export const emptyScope = (scope: string): ScopeDoc => ({ scope, base: null, planned: [], realised: [], plannedByYear: {}, harvested: {}, retained: {} });
export const emptyAhead = (): AheadDoc => ({ base: null, rows: {} });

const hasHarvest = (pair: PairFigures | null): pair is PairFigures =>
  pair !== null && Object.values(pair.harvested).some((amount) => amount !== 0);

/** Cumulative harvest of a pair (or a scope) up to and including year h. */
export const harvestedUpTo = (harvested: Record<string, number>, h: number): number => {
  let total = 0;
  for (const [year, amount] of Object.entries(harvested)) if (Number(year) <= h) total += amount;
  return total;
};

/** Prefix sums of a pair's realised gain: realisedCum[i] = Σ realised[0..i]. */
const prefix = (values: readonly number[]): number[] => {
  const out = new Array<number>(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) out[i] = sum += values[i]!;
  return out;
};

/** A pair's contribution to row h over the columns [base, base + length). */
const contribution = (pair: PairFigures, h: number, base: number, length: number): number[] => {
  const harvested = harvestedUpTo(pair.harvested, h);
  const cum = prefix(pair.realised);
  const out = new Array<number>(length);
  for (let c = 0; c < length; c++) {
    const i = base + c - pair.base;
    const realised = i < 0 || cum.length === 0 ? 0 : cum[Math.min(i, cum.length - 1)]!;
    out[c] = Math.max(0, harvested - realised);
  }
  return out;
};

const addDict = (into: Record<string, number>, from: Record<string, number> | undefined, sign: 1 | -1): void => {
  if (!from) return;
  for (const [key, value] of Object.entries(from)) {
    const next = (into[key] ?? 0) + sign * value;
    into[key] = next;
  }
};

/**
 * Replaces one pair's old figures by its new ones in a scope and its ahead table (either may
 * be null: a new or a dropped pair). Returns the new documents; `aheadChanged` says whether the
 * ahead table must be written.
 */
export const applyPair = (
  scope: ScopeDoc,
  ahead: AheadDoc,
  old: PairFigures | null,
  next: PairFigures | null,
): { scope: ScopeDoc; ahead: AheadDoc; aheadChanged: boolean } => {
  const draft = scopeDraft(scope, ahead);
  applyPairTo(draft, old, next);
  return { scope: draft.scope, ahead: { base: draft.scope.base, rows: draft.rows }, aheadChanged: draft.aheadChanged };
};

/** A scope and its ahead table being changed by several pairs in a row (copies, changed in place). */
export type ScopeDraft = { scope: ScopeDoc; rows: Record<string, number[]>; aheadChanged: boolean };

export const scopeDraft = (scope: ScopeDoc, ahead: AheadDoc): ScopeDraft => {
  const rows: Record<string, number[]> = {};
  for (const [year, row] of Object.entries(ahead.rows)) rows[year] = [...row];
  return {
    scope: {
      scope: scope.scope,
      base: scope.base,
      planned: [...scope.planned],
      realised: [...scope.realised],
      plannedByYear: { ...scope.plannedByYear },
      harvested: { ...scope.harvested },
      retained: { ...scope.retained },
    },
    rows,
    aheadChanged: false,
  };
};

/**
 * applyPair on a draft: the same steps, in place, so that many pairs applied in a row cost one
 * copy of the scope, not one each. `aheadChanged` becomes true when any of them changed it.
 */
export const applyPairTo = (draft: ScopeDraft, old: PairFigures | null, next: PairFigures | null): void => {
  if (old !== null && next !== null && sameShape(old, next) && draft.scope.base !== null) return applyMonthsFrom(draft, old, next);
  const s = draft.scope as { -readonly [K in keyof ScopeDoc]: ScopeDoc[K] };
  const rows = draft.rows;
  let aheadChanged = draft.aheadChanged;

  // 1. Widen the columns to the new pair's months (under the old figures: nothing planned or
  //    realised there; realised-to-date before a pair starts is 0 and after it ends is its total).
  if (next !== null && next.planned.length > 0) {
    const from = next.base;
    const to = next.base + next.planned.length - 1;
    if (s.base === null) {
      s.base = from;
      s.planned = new Array<number>(to - from + 1).fill(0);
      s.realised = new Array<number>(to - from + 1).fill(0);
      for (const year of Object.keys(rows)) rows[year] = new Array<number>(to - from + 1).fill(harvestedUpTo(s.harvested, Number(year)));
      aheadChanged ||= Object.keys(rows).length > 0;
    } else {
      if (from < s.base) {
        const extra = s.base - from;
        s.planned = [...new Array<number>(extra).fill(0), ...s.planned];
        s.realised = [...new Array<number>(extra).fill(0), ...s.realised];
        for (const year of Object.keys(rows)) rows[year] = [...new Array<number>(extra).fill(harvestedUpTo(s.harvested, Number(year))), ...rows[year]!];
        s.base = from;
        aheadChanged ||= Object.keys(rows).length > 0;
      }
      const end = s.base + s.planned.length - 1;
      if (to > end) {
        const extra = to - end;
        s.planned = [...s.planned, ...new Array<number>(extra).fill(0)];
        s.realised = [...s.realised, ...new Array<number>(extra).fill(0)];
        for (const year of Object.keys(rows)) {
          const row = rows[year]!;
          const last = row.length > 0 ? row[row.length - 1]! : harvestedUpTo(s.harvested, Number(year));
          rows[year] = [...row, ...new Array<number>(extra).fill(last)];
        }
        aheadChanged ||= Object.keys(rows).length > 0;
      }
    }
  }
  const base = s.base ?? 0;
  const length = s.planned.length;

  // 2. Rows for budget years in which no pair had a cut before: under the old figures they
  //    equal the row of the latest earlier year (or 0).
  if (hasHarvest(next)) {
    for (const year of Object.keys(next.harvested)) {
      if (rows[year]) continue;
      const earlier = Object.keys(rows)
        .map(Number)
        .filter((y) => y < Number(year))
        .sort((a, b) => b - a)[0];
      rows[year] = earlier === undefined ? new Array<number>(length).fill(0) : [...rows[String(earlier)]!];
      aheadChanged = true;
    }
  }

  // 3. The pair's own change, row by row.
  if (hasHarvest(old) || hasHarvest(next)) {
    for (const [year, row] of Object.entries(rows)) {
      const h = Number(year);
      const before = hasHarvest(old) ? contribution(old, h, base, length) : null;
      const after = hasHarvest(next) ? contribution(next, h, base, length) : null;
      for (let c = 0; c < length; c++) row[c] = row[c]! + (after?.[c] ?? 0) - (before?.[c] ?? 0);
    }
    aheadChanged = true;
  }

  // 4. Months and years.
  const addMonths = (into: number[], pair: PairFigures | null, key: 'planned' | 'realised', sign: 1 | -1): void => {
    if (pair === null) return;
    pair[key].forEach((value, i) => {
      const c = pair.base + i - base;
      if (c >= 0 && c < into.length) into[c] = into[c]! + sign * value;
    });
  };
  addMonths(s.planned, old, 'planned', -1);
  addMonths(s.planned, next, 'planned', 1);
  addMonths(s.realised, old, 'realised', -1);
  addMonths(s.realised, next, 'realised', 1);
  for (const key of ['plannedByYear', 'harvested', 'retained'] as const) {
    addDict(s[key], old?.[key], -1);
    addDict(s[key], next?.[key], 1);
  }
  draft.aheadChanged = aheadChanged;
};

/** Same months and the same cuts: only month figures differ (a recomputation of the pair's lines). */
const sameShape = (a: PairFigures, b: PairFigures): boolean => {
  if (a.base !== b.base || a.planned.length !== b.planned.length || a.realised.length !== b.realised.length) return false;
  const keys = Object.keys(a.harvested);
  return keys.length === Object.keys(b.harvested).length && keys.every((k) => a.harvested[k] === b.harvested[k]);
};

/**
 * applyPairTo for a pair whose months changed from some month on, nothing else but its planned
 * and retained years: the scope's columns and ahead rows before that month stay as they are
 * (realised-to-date there is the same), so only the columns from it on move. The same result
 * as the general steps (all amounts are whole øre: sums are exact in any order).
 */
const applyMonthsFrom = (draft: ScopeDraft, old: PairFigures, next: PairFigures): void => {
  const s = draft.scope as { -readonly [K in keyof ScopeDoc]: ScopeDoc[K] };
  const n = next.planned.length;
  let first = 0;
  while (first < n && old.planned[first] === next.planned[first] && old.realised[first] === next.realised[first]) first++;
  const scopeBase = s.base!;
  for (let i = first; i < n; i++) {
    const c = next.base + i - scopeBase;
    if (c < 0 || c >= s.planned.length) continue;
    s.planned[c] = s.planned[c]! + next.planned[i]! - old.planned[i]!;
    s.realised[c] = s.realised[c]! + next.realised[i]! - old.realised[i]!;
  }
  if (first < n && hasHarvest(next)) {
    const cumOld = prefix(old.realised);
    const cumNext = prefix(next.realised);
    const length = s.planned.length;
    const from = Math.max(0, next.base + first - scopeBase);
    for (const [year, row] of Object.entries(draft.rows)) {
      const harvested = harvestedUpTo(next.harvested, Number(year));
      for (let c = from; c < length; c++) {
        const i = scopeBase + c - next.base;
        if (i < 0) continue;
        const before = cumOld.length === 0 ? 0 : cumOld[Math.min(i, cumOld.length - 1)]!;
        const after = cumNext.length === 0 ? 0 : cumNext[Math.min(i, cumNext.length - 1)]!;
        row[c] = row[c]! + Math.max(0, harvested - after) - Math.max(0, harvested - before);
      }
    }
    draft.aheadChanged = true;
  }
  for (const key of ['plannedByYear', 'retained'] as const) {
    addDict(s[key], old[key], -1);
    addDict(s[key], next[key], 1);
  }
};

/** The sum of `values` over the columns of months [from, to] (absolute months). */
export const sumColumns = (values: readonly number[], base: number | null, from: number, to: number): number => {
  if (base === null) return 0;
  let total = 0;
  const first = Math.max(from - base, 0);
  const last = Math.min(to - base, values.length - 1);
  for (let c = first; c <= last; c++) total += values[c]!;
  return total;
};

/** harvested-ahead-of-realised of a scope for the cuts of years ≤ h and the realised gain of months ≤ m. */
export const aheadAt = (scope: ScopeDoc, ahead: AheadDoc, h: number, m: number): number => {
  const years = Object.keys(ahead.rows)
    .map(Number)
    .filter((y) => y <= h);
  if (years.length === 0) return 0;
  const row = ahead.rows[String(Math.max(...years))]!;
  if (scope.base === null || row.length === 0) return harvestedUpTo(scope.harvested, h);
  const c = m - scope.base;
  if (c < 0) return harvestedUpTo(scope.harvested, h);
  return row[Math.min(c, row.length - 1)]!;
};
