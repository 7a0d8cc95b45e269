/**
 * The economics of one revision: pure functions over its content, exact in øre.
 * Formulas, conventions and rounding are documented in docs/economics.md; in short:
 * - every line's amount for a year is rounded to whole øre (half away from zero) once, from
 *   exact integer fractions; all sums of those amounts are exact integers;
 * - year 0 is the start year and is not discounted; present values are accumulated in doubles
 *   and rounded to whole øre once; NPV = PV(benefits) − PV(costs);
 * - payback is measured in years from the start of the start year, interpolated linearly
 *   within the year in which the cumulative net turns (and stays) non-negative.
 *
 * The content must be valid (`validateRevision`); everything in an event is.
 */
import { InvalidInput, roundOre, type Ore } from '../shared';
import { factorToFraction, gcd, hasAtMostDecimals, mul3DivRound, mulDivRound, toScaledInteger } from './arithmetic';
import { parseMonth, rampLength, yearRampWeight } from './adoption';
import {
  COST_CATEGORIES,
  isTopDownEstimate,
  type BusinessCaseContent,
  type CostAmountInHours,
  type CostCategory,
  type CostNature,
  type PricedBenefitClass,
} from './content';

export type Estimate = 'low' | 'likely' | 'high';

/** What-if knobs; the defaults give the revision's own economics. */
export interface EconomicsOptions {
  /** Overrides the revision's discount rate (percent, at most 2 decimals). */
  readonly discountRatePct?: number;
  /** Multiplies every benefit line's target adoption (0.8 = adoption 20 % lower); at most 4 decimals. */
  readonly adoptionFactor?: number;
  /** Moves every adoption curve's start this many whole months later. */
  readonly rampDelayMonths?: number;
  /** Multiplies every cost line's amount (1.2 = costs 20 % higher); at most 4 decimals. */
  readonly costFactor?: number;
  /** Which point of the three-point cost estimates to use; lines without one use their likely amount. */
  readonly estimate?: Estimate;
}

export interface EconomicsAssumptions {
  readonly discountRatePct: number;
  readonly adoptionFactor: number;
  readonly rampDelayMonths: number;
  readonly costFactor: number;
  readonly estimate: Estimate;
}

export const NOT_WITHIN_HORIZON = 'not-within-horizon' as const;
/** Years from the start of the start year (fractional), or 'not-within-horizon'. */
export type Payback = number | typeof NOT_WITHIN_HORIZON;

/** The cost rows: the categories of the lines, plus the risk reserve. */
export type CostRow = CostCategory | 'risk-reserve';
export const COST_ROWS: readonly CostRow[] = [...COST_CATEGORIES, 'risk-reserve'];

/**
 * Every per-year array has one entry per year of `years` (index 0 = start year). All amounts in øre.
 */
export interface Economics {
  readonly years: number[];
  /** The rate used, shown with every result. */
  readonly discountRatePct: number;
  /** The content is derived from a national case and not yet grounded locally. */
  readonly topDownEstimate: boolean;
  readonly assumptions: EconomicsAssumptions;
  readonly costsByCategory: Record<CostRow, Ore[]>;
  /** Line costs by nature (the risk reserve is neither). */
  readonly costsByNature: Record<CostNature, Ore[]>;
  readonly costs: Ore[];
  /** Priced benefits by class ('unpriced' benefits carry no money). */
  readonly benefitsByClass: Record<PricedBenefitClass, Ore[]>;
  /** Priced benefits (all classes) by receiving department. */
  readonly benefitsByDepartment: Record<string, Ore[]>;
  /** Budget-effective benefits by receiving department: what finance may harvest. */
  readonly budgetEffectiveByDepartment: Record<string, Ore[]>;
  readonly benefits: Ore[];
  /** benefits − costs. */
  readonly net: Ore[];
  readonly cumulativeNet: Ore[];
  /** 1 / (1 + r)^t, t = year − startYear. */
  readonly discountFactors: number[];
  readonly totals: { readonly costs: Ore; readonly benefits: Ore; readonly budgetEffective: Ore; readonly net: Ore };
  readonly pvCosts: Ore;
  readonly pvBenefits: Ore;
  readonly pvBudgetEffective: Ore;
  /** pvBenefits − pvCosts. */
  readonly npv: Ore;
  /** pvBudgetEffective − pvCosts: the view of the municipality's own budget. */
  readonly npvBudgetEffective: Ore;
  readonly payback: Payback;
  /** pvBenefits / pvCosts, or null when there are no costs. */
  readonly benefitCostRatio: number | null;
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

const checkFactor = (value: number, field: string): void => {
  if (!Number.isFinite(value) || value < 0) throw new InvalidInput('out-of-range', `${field} must be a non-negative number`, field);
  if (!hasAtMostDecimals(value, 4)) throw new InvalidInput('too-many-decimals', `${field} may have at most 4 decimals`, field);
};

const resolveOptions = (content: BusinessCaseContent, options: EconomicsOptions | undefined): EconomicsAssumptions => {
  const a: EconomicsAssumptions = {
    discountRatePct: options?.discountRatePct ?? content.discountRatePct,
    adoptionFactor: options?.adoptionFactor ?? 1,
    rampDelayMonths: options?.rampDelayMonths ?? 0,
    costFactor: options?.costFactor ?? 1,
    estimate: options?.estimate ?? 'likely',
  };
  if (options !== undefined) {
    if (!Number.isFinite(a.discountRatePct) || a.discountRatePct < 0 || a.discountRatePct > 100 || !hasAtMostDecimals(a.discountRatePct, 2)) {
      throw new InvalidInput('out-of-range', 'discountRatePct must be 0–100 with at most 2 decimals', 'options.discountRatePct');
    }
    checkFactor(a.adoptionFactor, 'options.adoptionFactor');
    checkFactor(a.costFactor, 'options.costFactor');
    if (!Number.isSafeInteger(a.rampDelayMonths)) {
      throw new InvalidInput('not-an-integer', 'rampDelayMonths must be a whole number of months', 'options.rampDelayMonths');
    }
    if (a.estimate !== 'low' && a.estimate !== 'likely' && a.estimate !== 'high') {
      throw new InvalidInput('unknown-value', 'estimate must be low, likely or high', 'options.estimate');
    }
  }
  return a;
};

/**
 * Payback in years from the start of the start year: after the last year whose cumulative net
 * is negative (L), the year L + 1 repays the remaining −cumulative(L) out of its net, pro rata:
 * payback = (L + 1) + (−cumulative(L)) / net(L + 1). Never negative → 0. Negative at the end
 * of the horizon → 'not-within-horizon'.
 */
export const paybackFrom = (net: readonly number[], cumulativeNet: readonly number[]): Payback => {
  const n = cumulativeNet.length;
  if (n === 0) return 0;
  if ((cumulativeNet[n - 1] as number) < 0) return NOT_WITHIN_HORIZON;
  let last = -1;
  for (let t = n - 1; t >= 0; t--) {
    if ((cumulativeNet[t] as number) < 0) {
      last = t;
      break;
    }
  }
  if (last < 0) return 0;
  return last + 1 + -(cumulativeNet[last] as number) / (net[last + 1] as number);
};

export const computeEconomics = (content: BusinessCaseContent, options?: EconomicsOptions): Economics => {
  const assumptions = resolveOptions(content, options);
  const { startYear } = content;
  const h = content.horizonYears;

  // ---- costs
  const costsByCategory = {} as Record<CostRow, Ore[]>;
  for (const row of COST_ROWS) costsByCategory[row] = zeros(h);
  const costsByNature: Record<CostNature, Ore[]> = { 'one-off': zeros(h), running: zeros(h) };
  const lineCosts = zeros(h);
  const cost = factorToFraction(assumptions.costFactor);
  const scaleCosts = cost.num !== cost.den;
  const estimate = assumptions.estimate;
  const likelyOnly = estimate === 'likely';

  for (const line of content.costLines) {
    const categoryRow = costsByCategory[line.category];
    const natureRow = costsByNature[line.nature];
    for (const entry of line.amounts) {
      const i = entry.year - startYear;
      if (i < 0 || i >= h) continue;
      // plain property reads rather than `in`: cheaper on the two shapes an amount comes in
      let value = likelyOnly ? undefined : estimate === 'low' ? entry.low : entry.high;
      if (value === undefined) value = (entry as { amount?: number }).amount;
      if (value === undefined) {
        const hours = entry as CostAmountInHours;
        value = mulDivRound(Math.round(hours.hours * 100), hours.hourlyCost, 100);
      }
      if (scaleCosts) value = mulDivRound(value, cost.num, cost.den);
      categoryRow[i] += value;
      natureRow[i] += value;
      lineCosts[i] += value;
    }
  }
  const reserveBp = toScaledInteger(content.riskReservePct, 2); // hundredths of a percent = 1/10 000
  const reserveRow = costsByCategory['risk-reserve'];
  const costs = zeros(h);
  for (let i = 0; i < h; i++) {
    const reserve = reserveBp === 0 ? 0 : mulDivRound(lineCosts[i] as number, reserveBp, 10_000);
    reserveRow[i] = reserve;
    costs[i] = (lineCosts[i] as number) + reserve;
  }

  // ---- benefits
  const benefitsByClass: Record<PricedBenefitClass, Ore[]> = {
    'budget-effective': zeros(h),
    'freed-time': zeros(h),
    'other-public-bodies': zeros(h),
  };
  const byDepartment = new Map<string, Ore[]>();
  const budgetEffectiveByDepartment = new Map<string, Ore[]>();
  const benefits = zeros(h);
  const adoption = factorToFraction(assumptions.adoptionFactor);
  const delay = assumptions.rampDelayMonths;

  for (const line of content.benefitLines) {
    const valuation = line.valuation;
    if (valuation.kind === 'unpriced' || line.benefitClass === 'unpriced') continue;
    // full-adoption saving per year, whole øre: cases × minutes ÷ 60 × hourly cost
    const full =
      valuation.kind === 'time'
        ? mul3DivRound(valuation.casesPerYear, toScaledInteger(valuation.minutesSavedPerCase, 2), valuation.hourlyCost, 6_000)
        : valuation.amountPerYear;
    // target adoption × adoption factor as a reduced fraction p/q
    let p = toScaledInteger(line.adoption.targetAdoptionPct, 2) * adoption.num;
    let q = 10_000 * adoption.den;
    if (full === 0 || p === 0) continue;
    const g = gcd(p, q);
    p /= g;
    q /= g;
    const start = (parseMonth(line.adoption.startMonth) as number) + delay;
    const rampN = rampLength(line.adoption.rampUpMonths);
    const monthsWeight = 12 * rampN; // the weight of a year at full ramp
    const fullYear = mulDivRound(full, p, q);

    const classRow = benefitsByClass[line.benefitClass];
    let departmentRow = byDepartment.get(line.departmentId);
    if (departmentRow === undefined) byDepartment.set(line.departmentId, (departmentRow = zeros(h)));
    let budgetRow: Ore[] | undefined;
    if (line.benefitClass === 'budget-effective') {
      budgetRow = budgetEffectiveByDepartment.get(line.departmentId);
      if (budgetRow === undefined) budgetEffectiveByDepartment.set(line.departmentId, (budgetRow = zeros(h)));
    }

    // years before the start month get nothing; from the first January with n ≥ N the ramp is
    // complete and every year gets the full-year amount
    const firstYear = Math.floor(start / 12) - startYear;
    for (let i = firstYear < 0 ? 0 : firstYear; i < h; i++) {
      const january = (startYear + i) * 12 - start + 1; // n of January
      let value: number;
      if (january >= rampN) value = fullYear;
      else {
        const s = yearRampWeight(startYear + i, start, rampN);
        if (s === 0) continue;
        const k = gcd(s, monthsWeight);
        value = mul3DivRound(full, p, s / k, q * (monthsWeight / k));
      }
      classRow[i] += value;
      departmentRow[i] += value;
      if (budgetRow !== undefined) budgetRow[i] += value;
      benefits[i] += value;
    }
  }

  // ---- net, discounting, payback
  const net = zeros(h);
  const cumulativeNet = zeros(h);
  const budgetEffective = benefitsByClass['budget-effective'];
  const discountFactors = zeros(h);
  const onePlusRate = 1 + toScaledInteger(assumptions.discountRatePct, 2) / 10_000;
  let df = 1;
  let cumulative = 0;
  let totalCosts = 0;
  let totalBenefits = 0;
  let totalBudgetEffective = 0;
  let pvC = 0;
  let pvB = 0;
  let pvBE = 0;
  for (let i = 0; i < h; i++) {
    const c = costs[i] as number;
    const b = benefits[i] as number;
    const be = budgetEffective[i] as number;
    const n = b - c;
    net[i] = n;
    cumulative += n;
    cumulativeNet[i] = cumulative;
    totalCosts += c;
    totalBenefits += b;
    totalBudgetEffective += be;
    discountFactors[i] = df;
    pvC += c * df;
    pvB += b * df;
    pvBE += be * df;
    df /= onePlusRate;
  }
  const pvCosts = roundOre(pvC);
  const pvBenefits = roundOre(pvB);
  const pvBudgetEffective = roundOre(pvBE);

  return {
    years: Array.from({ length: h }, (_, i) => startYear + i),
    discountRatePct: assumptions.discountRatePct,
    topDownEstimate: isTopDownEstimate(content),
    assumptions,
    costsByCategory,
    costsByNature,
    costs,
    benefitsByClass,
    benefitsByDepartment: Object.fromEntries(byDepartment),
    budgetEffectiveByDepartment: Object.fromEntries(budgetEffectiveByDepartment),
    benefits,
    net,
    cumulativeNet,
    discountFactors,
    totals: { costs: totalCosts, benefits: totalBenefits, budgetEffective: totalBudgetEffective, net: totalBenefits - totalCosts },
    pvCosts,
    pvBenefits,
    pvBudgetEffective,
    npv: pvBenefits - pvCosts,
    npvBudgetEffective: pvBudgetEffective - pvCosts,
    payback: paybackFrom(net, cumulativeNet),
    benefitCostRatio: pvCosts > 0 ? pvBenefits / pvCosts : null,
  };
};

/** Budget-effective benefit per receiving department per calendar year (every horizon year listed). */
export type BudgetEffectiveByDepartmentAndYear = Record<string, Record<number, Ore>>;

/**
 * What finance may later harvest: budget-effective benefits per department and year, from
 * the revision's own assumptions (or from `economics` already computed for it).
 */
export const budgetEffectiveByDepartmentAndYear = (
  content: BusinessCaseContent,
  economics: Economics = computeEconomics(content),
): BudgetEffectiveByDepartmentAndYear => {
  const result: BudgetEffectiveByDepartmentAndYear = {};
  for (const [departmentId, row] of Object.entries(economics.budgetEffectiveByDepartment)) {
    const byYear: Record<number, Ore> = {};
    economics.years.forEach((year, i) => (byYear[year] = row[i] as number));
    result[departmentId] = byYear;
  }
  return result;
};

