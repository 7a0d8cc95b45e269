/**
 * The adoption curve in months. Month numbers are absolute: year × 12 + (month − 1), so that
 * 'YYYY-MM' and calendar years meet without dates or time zones.
 *
 * In the n-th month from the start (n = 1, 2, …) adoption = target × min(n, N) / N with
 * N = max(1, rampUpMonths): a straight ramp that reaches the target in month N and stays there.
 * A year's adoption factor is the mean of its 12 monthly values, so a year's saving is
 *   full-year saving × target × S / (12 × N),  S = Σ over the year's months of min(n, N) (n ≥ 1).
 */
import type { AdoptionCurve } from './content';

const digit = (text: string, i: number): number => {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};

/** 'YYYY-MM' → absolute month number, or undefined when malformed. (No regex: it runs per line per computation.) */
export const parseMonth = (month: string): number | undefined => {
  if (typeof month !== 'string' || month.length !== 7 || month.charCodeAt(4) !== 45 /* - */) return undefined;
  const year = digit(month, 0) * 1000 + digit(month, 1) * 100 + digit(month, 2) * 10 + digit(month, 3);
  const m = digit(month, 5) * 10 + digit(month, 6);
  if (!(m >= 1 && m <= 12) || Number.isNaN(year)) return undefined;
  return year * 12 + m - 1;
};

/** Absolute month number → 'YYYY-MM'. */
export const formatMonth = (absoluteMonth: number): string => {
  const year = Math.floor(absoluteMonth / 12);
  const month = absoluteMonth - year * 12 + 1;
  return `${year}-${String(month).padStart(2, '0')}`;
};

/** The ramp length N used in the formulas: rampUpMonths, but at least 1. */
export const rampLength = (rampUpMonths: number): number => (rampUpMonths < 1 ? 1 : rampUpMonths);

/**
 * S = Σ_{n=lo}^{hi} min(n, N) over the n ≥ 1 in [lo, hi], in closed form (no loop: it runs once
 * per benefit line and year in the hot path).
 */
export const rampWeightSum = (lo: number, hi: number, rampN: number): number => {
  const from = lo < 1 ? 1 : lo;
  if (hi < from) return 0;
  let sum = 0;
  // rising part: n from `from` to min(hi, N), each weighing n
  const risingTo = hi < rampN ? hi : rampN;
  if (risingTo >= from) sum += ((from + risingTo) * (risingTo - from + 1)) / 2;
  // flat part: n from max(from, N + 1) to hi, each weighing N
  const flatFrom = from > rampN + 1 ? from : rampN + 1;
  if (hi >= flatFrom) sum += (hi - flatFrom + 1) * rampN;
  return sum;
};

/**
 * S for one calendar year: the ramp weights of its months. `startMonth` is the absolute month
 * of the first adoption (after any delay).
 */
export const yearRampWeight = (year: number, startMonth: number, rampN: number): number => {
  const lo = year * 12 - startMonth + 1; // n of January
  return rampWeightSum(lo, lo + 11, rampN);
};

/** Adoption in percent in one month ('YYYY-MM'), for display and for tests. */
export const monthlyAdoptionPct = (curve: AdoptionCurve, month: string, delayMonths = 0): number => {
  const start = parseMonth(curve.startMonth);
  const at = parseMonth(month);
  if (start === undefined || at === undefined) return 0;
  const n = at - (start + delayMonths) + 1;
  if (n < 1) return 0;
  const rampN = rampLength(curve.rampUpMonths);
  return (curve.targetAdoptionPct * Math.min(n, rampN)) / rampN;
};

/** The mean adoption of a calendar year as a fraction 0–1 (display only; money uses exact fractions). */
export const yearlyAdoptionFactor = (curve: AdoptionCurve, year: number, delayMonths = 0): number => {
  const start = parseMonth(curve.startMonth);
  if (start === undefined) return 0;
  const rampN = rampLength(curve.rampUpMonths);
  return (curve.targetAdoptionPct / 100) * (yearRampWeight(year, start + delayMonths, rampN) / (12 * rampN));
};
