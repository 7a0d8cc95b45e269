/**
 * The content of one revision of a business case. Every revision is a complete version: the
 * whole of this object is stored in the event that records it, never a patch.
 *
 * Units (see docs/economics.md):
 * - money: integer øre (`Ore`), never fractional;
 * - percentages: numbers 0–100 with at most 2 decimals (3.5 means 3.5 %);
 * - minutes and hours: non-negative numbers with at most 2 decimals;
 * - years: calendar years (2027), within [startYear, startYear + horizonYears − 1];
 * - months: 'YYYY-MM'.
 */
import type { Ore } from '../shared';

/** The Danish Finance Ministry's discount rate for years 0–35, used when the municipality sets none. */
export const DEFAULT_DISCOUNT_RATE_PCT = 3.5;

/** The longest horizon a case may have: the default rate is only defined for years 0–35. */
export const MAX_HORIZON_YEARS = 35;

/** The longest adoption ramp-up, in months. */
export const MAX_RAMP_UP_MONTHS = 120;

export const COST_CATEGORIES = [
  'acquisition',
  'implementation',
  'training',
  'communication-marketing',
  'licence-operation',
  'internal-staff-hours',
  'other',
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

export const COST_NATURES = ['one-off', 'running'] as const;
export type CostNature = (typeof COST_NATURES)[number];

export const BENEFIT_CLASSES = ['budget-effective', 'freed-time', 'other-public-bodies', 'unpriced'] as const;
export type BenefitClass = (typeof BENEFIT_CLASSES)[number];
/** The classes that carry a money value; 'unpriced' benefits are described, never summed. */
export type PricedBenefitClass = Exclude<BenefitClass, 'unpriced'>;
export const PRICED_BENEFIT_CLASSES: readonly PricedBenefitClass[] = ['budget-effective', 'freed-time', 'other-public-bodies'];

export const SCALING_KEYS = ['population', 'case-volume'] as const;
export type ScalingKey = (typeof SCALING_KEYS)[number];

interface CostAmountBase {
  /** Calendar year, within the horizon. */
  readonly year: number;
  /** Three-point estimate, optional: the low and high total for this year in øre (low ≤ likely ≤ high). */
  readonly low?: Ore;
  readonly high?: Ore;
}
/** The likely cost of one year as an amount. */
export interface CostAmountInOre extends CostAmountBase {
  readonly amount: Ore;
}
/** The likely cost of one year as hours × hourly cost (internal staff hours, typically). */
export interface CostAmountInHours extends CostAmountBase {
  /** At most 2 decimals. */
  readonly hours: number;
  /** Øre per hour. */
  readonly hourlyCost: Ore;
}
export type CostAmount = CostAmountInOre | CostAmountInHours;

export interface CostLine {
  /** Stable across revisions: the diff matches lines by id. */
  readonly id: string;
  readonly description: string;
  readonly category: CostCategory;
  readonly nature: CostNature;
  /** One entry per year with a cost; at least one; each year at most once. */
  readonly amounts: readonly CostAmount[];
}

/** Saving = cases per year × minutes saved per case ÷ 60 × hourly cost (before adoption). */
export interface TimeValuation {
  readonly kind: 'time';
  /** Whole cases a year, for the whole potential population. */
  readonly casesPerYear: number;
  /** At most 2 decimals. */
  readonly minutesSavedPerCase: number;
  /** Øre per hour. */
  readonly hourlyCost: Ore;
}
/** A fixed saving per year (e.g. postage no longer paid), before adoption. */
export interface FixedValuation {
  readonly kind: 'fixed';
  readonly amountPerYear: Ore;
}
/** Quality, citizen satisfaction: described, never priced. Only for class 'unpriced'. */
export interface UnpricedValuation {
  readonly kind: 'unpriced';
}
export type BenefitValuation = TimeValuation | FixedValuation | UnpricedValuation;

/**
 * How many of the potential users actually use the solution, over time. The adoption in the
 * n-th month from `startMonth` (n = 1, 2, …) is targetAdoptionPct × min(n, N) / N with
 * N = max(1, rampUpMonths); before `startMonth` it is 0.
 */
export interface AdoptionCurve {
  /** Whole number of potential users (descriptive: the volume is in casesPerYear). */
  readonly potentialUsers: number;
  /** 0–100, at most 2 decimals. */
  readonly targetAdoptionPct: number;
  /** Whole months, 0–120; 0 means the target from the first month. */
  readonly rampUpMonths: number;
  /** 'YYYY-MM', the first month with any adoption; its year within the horizon. */
  readonly startMonth: string;
}

export interface BenefitLine {
  /** Stable across revisions: the diff matches lines by id. */
  readonly id: string;
  readonly description: string;
  /** The receiving department: whose budget or time the saving lands in. */
  readonly departmentId: string;
  readonly workProcess: string;
  readonly benefitClass: BenefitClass;
  readonly valuation: BenefitValuation;
  readonly adoption: AdoptionCurve;
}

/** purpose → goals → benefits → deliverables (gevinstdiagram). Ids are unique across the map. */
export interface BenefitMap {
  readonly purpose: string;
  readonly goals: readonly BenefitMapGoal[];
}
export interface BenefitMapGoal {
  readonly id: string;
  readonly title: string;
  readonly benefits: readonly BenefitMapBenefit[];
}
export interface BenefitMapBenefit {
  readonly id: string;
  readonly title: string;
  /** The benefit lines that price this benefit (may be empty for unpriced benefits). */
  readonly benefitLineIds: readonly string[];
  readonly deliverables: readonly BenefitMapDeliverable[];
}
export interface BenefitMapDeliverable {
  readonly id: string;
  readonly title: string;
}

export interface LocallyEstimated {
  readonly kind: 'local';
}
/**
 * Scaled down from a national business case: local = national × localValue / nationalValue.
 * Such a case is flagged "top-down estimate" until a locally estimated revision grounds it.
 */
export interface DerivedFromNational {
  readonly kind: 'derived-from-national';
  /** Which national case (name, URL or reference). */
  readonly nationalCaseRef: string;
  readonly scalingKey: ScalingKey;
  /** e.g. the municipality's population; > 0. */
  readonly localValue: number;
  /** e.g. the national population; ≥ localValue. */
  readonly nationalValue: number;
}
export type CaseOrigin = LocallyEstimated | DerivedFromNational;

export interface BusinessCaseContent {
  readonly title: string;
  readonly description: string;
  readonly owningDepartmentId: string;
  readonly projectOwner: string;
  /** The first calendar year of the horizon: year 0 for discounting. */
  readonly startYear: number;
  /** Whole years, 1–35. */
  readonly horizonYears: number;
  /**
   * The municipality's discount rate in force when the revision was made (default 3.5). Set by the
   * application from the municipal setting, not typed by the author.
   */
  readonly discountRatePct: number;
  /** Risk reserve as a share of each year's costs, 0–100 (the state model's risk pool). */
  readonly riskReservePct: number;
  readonly origin: CaseOrigin;
  readonly benefitMap: BenefitMap;
  readonly costLines: readonly CostLine[];
  readonly benefitLines: readonly BenefitLine[];
}

/** True when the cost amount is given as hours × hourly cost. */
export const isHoursAmount = (amount: CostAmount): amount is CostAmountInHours => 'hours' in amount;

/** True while the content is a top-down estimate (derived from a national case). */
export const isTopDownEstimate = (content: Pick<BusinessCaseContent, 'origin'>): boolean =>
  content.origin.kind === 'derived-from-national';

/** The calendar years of the horizon, in order. */
export const yearsOfHorizon = (content: Pick<BusinessCaseContent, 'startYear' | 'horizonYears'>): number[] =>
  Array.from({ length: content.horizonYears }, (_, i) => content.startYear + i);
