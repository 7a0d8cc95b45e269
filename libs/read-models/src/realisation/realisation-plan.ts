import { computeEconomics, parseMonth, type BusinessCaseContent } from '@gevinst/domain';

/**
 * What realisation compares with: the budget-effective benefit lines of one revision of a
 * business case, with the planned saving per month. Freed time, savings in other public bodies
 * and unpriced benefits are left out: only budget-effective (cash-releasing) gains can be
 * compared with budget cuts.
 *
 * Month numbers are absolute: year × 12 + (month − 1), as the business case's adoption code.
 */
export type RealisationPlanLine = {
  lineId: string;
  description: string;
  departmentId: string;
  workProcess: string;
  /** Øre per staff hour when the line is valued in time (a lagging indicator may count hours). */
  hourlyCostOre: number | null;
  curve: { startMonth: string; rampUpMonths: number; targetAdoptionPct: number };
  /** The line's budget-effective saving per calendar year, øre, exactly as the economics compute it. */
  plannedByYear: Record<string, number>;
  /**
   * The planned saving per month from the plan's first month (January of the start year), øre:
   * each year's saving spread over its months by the adoption ramp (weights min(n, N)), largest
   * remainder first, so that the months of a year add up to the year exactly.
   */
  monthly: number[];
};

export type RealisationPlan = {
  /** The revision the plan is taken from. */
  revision: number;
  title: string;
  owningDepartmentId: string;
  /** Absolute month of January of the start year: index 0 of every line's `monthly`. */
  base: number;
  /** Number of months of the horizon. */
  months: number;
  startYear: number;
  horizonYears: number;
  lines: RealisationPlanLine[];
  /** Every benefit line of the revision (any class): what an indicator may be tied to. */
  benefitLineIds: string[];
  /** The lines left out of realisation money, and why (their class). */
  excludedLines: { lineId: string; benefitClass: string }[];
  /** The owning department and every receiving department. */
  departmentIds: string[];
};

/**
 * Splits `total` over `weights` in proportion, in whole units, so that the parts add up to
 * `total` exactly: each part is rounded down, and the units left over go to the parts with the
 * largest remainders (the earlier part on a tie).
 */
export const splitByWeights = (total: number, weights: readonly number[]): number[] => {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0 || total === 0) return weights.map(() => 0);
  const parts = weights.map((w) => Math.floor((total * w) / sum));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = weights
    .map((w, i) => ({ i, rest: (total * w) % sum }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
};

/** The realisation plan of one revision's content. */
export const realisationPlanOf = (revision: number, content: BusinessCaseContent): RealisationPlan => {
  const base = content.startYear * 12;
  const months = content.horizonYears * 12;
  const lines: RealisationPlanLine[] = [];
  const excludedLines: RealisationPlan['excludedLines'] = [];
  for (const line of content.benefitLines) {
    if (line.benefitClass !== 'budget-effective' || line.valuation.kind === 'unpriced') {
      excludedLines.push({ lineId: line.id, benefitClass: line.benefitClass });
      continue;
    }
    // The line alone through the case's own economics: the same rounding per line and year.
    const economics = computeEconomics({ ...content, costLines: [], riskReservePct: 0, benefitLines: [line] });
    const yearly = economics.benefitsByClass['budget-effective'];
    const start = parseMonth(line.adoption.startMonth) ?? base;
    const rampN = Math.max(1, line.adoption.rampUpMonths);
    const plannedByYear: Record<string, number> = {};
    const monthly: number[] = [];
    economics.years.forEach((year, i) => {
      const amount = yearly[i] ?? 0;
      plannedByYear[String(year)] = amount;
      const weights = Array.from({ length: 12 }, (_, k) => {
        const n = year * 12 + k - start + 1;
        return n < 1 ? 0 : Math.min(n, rampN);
      });
      monthly.push(...splitByWeights(amount, weights));
    });
    lines.push({
      lineId: line.id,
      description: line.description,
      departmentId: line.departmentId,
      workProcess: line.workProcess,
      hourlyCostOre: line.valuation.kind === 'time' ? line.valuation.hourlyCost : null,
      curve: {
        startMonth: line.adoption.startMonth,
        rampUpMonths: line.adoption.rampUpMonths,
        targetAdoptionPct: line.adoption.targetAdoptionPct,
      },
      plannedByYear,
      monthly,
    });
  }
  return {
    revision,
    title: content.title,
    owningDepartmentId: content.owningDepartmentId,
    base,
    months,
    startYear: content.startYear,
    horizonYears: content.horizonYears,
    lines,
    benefitLineIds: content.benefitLines.map((l) => l.id),
    excludedLines,
    departmentIds: [...new Set([content.owningDepartmentId, ...content.benefitLines.map((l) => l.departmentId)])].sort(),
  };
};
