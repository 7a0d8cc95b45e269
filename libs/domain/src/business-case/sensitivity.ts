/**
 * Sensitivity: the revision's economics under the assumptions that most often turn out wrong
 * (adoption lower, ramp-up later, costs higher) and at the ends of the three-point cost estimates.
 */
import type { Ore } from '../shared';
import type { BusinessCaseContent } from './content';
import { computeEconomics, type EconomicsOptions, type Payback } from './economics';

export type SensitivityScenario =
  | 'base'
  | 'adoption-minus-20-pct'
  | 'ramp-up-6-months-later'
  | 'costs-plus-20-pct'
  | 'estimate-low'
  | 'estimate-high';

export interface SensitivityRow {
  readonly scenario: SensitivityScenario;
  readonly label: string;
  /** The options passed to computeEconomics for this row. */
  readonly options: EconomicsOptions;
  readonly totalCosts: Ore;
  readonly totalBenefits: Ore;
  readonly npv: Ore;
  /** npv − the base row's npv. */
  readonly npvDelta: Ore;
  readonly payback: Payback;
  readonly benefitCostRatio: number | null;
}

export interface SensitivityTable {
  readonly discountRatePct: number;
  readonly topDownEstimate: boolean;
  /** 'base' first, then the scenarios in the order of SENSITIVITY_SCENARIOS. */
  readonly rows: SensitivityRow[];
}

export const SENSITIVITY_SCENARIOS: ReadonlyArray<{ scenario: SensitivityScenario; label: string; options: EconomicsOptions }> = [
  { scenario: 'base', label: 'Base case', options: {} },
  { scenario: 'adoption-minus-20-pct', label: 'Adoption 20 % lower', options: { adoptionFactor: 0.8 } },
  { scenario: 'ramp-up-6-months-later', label: 'Ramp-up 6 months later', options: { rampDelayMonths: 6 } },
  { scenario: 'costs-plus-20-pct', label: 'Costs 20 % higher', options: { costFactor: 1.2 } },
  { scenario: 'estimate-low', label: 'Three-point estimate: low costs', options: { estimate: 'low' } },
  { scenario: 'estimate-high', label: 'Three-point estimate: high costs', options: { estimate: 'high' } },
];

export const sensitivity = (content: BusinessCaseContent, options?: Pick<EconomicsOptions, 'discountRatePct'>): SensitivityTable => {
  let baseNpv = 0;
  const rows = SENSITIVITY_SCENARIOS.map(({ scenario, label, options: scenarioOptions }): SensitivityRow => {
    const used: EconomicsOptions = options?.discountRatePct === undefined ? scenarioOptions : { ...scenarioOptions, discountRatePct: options.discountRatePct };
    const e = computeEconomics(content, used);
    if (scenario === 'base') baseNpv = e.npv;
    return {
      scenario,
      label,
      options: used,
      totalCosts: e.totals.costs,
      totalBenefits: e.totals.benefits,
      npv: e.npv,
      npvDelta: e.npv - baseNpv,
      payback: e.payback,
      benefitCostRatio: e.benefitCostRatio,
    };
  });
  return {
    discountRatePct: options?.discountRatePct ?? content.discountRatePct,
    topDownEstimate: content.origin.kind === 'derived-from-national',
    rows,
  };
};
