/**
 * Ranking the candidates by each measure: NPV, benefit/cost ratio, payback, budget-effective
 * savings a year at full effect, and the weighted strategic score. Each candidate gets its
 * rank under every measure (equal values share a rank: 1, 2, 2, 4); the list is ordered by one.
 */
import type { Payback } from '../business-case/economics';
import type { Ore } from '../shared';
import { weightedScoreOf, type StrategicAssessmentState, type WeightedScore } from './assessment';
import type { PortfolioCandidate } from './candidate';

export const RANKING_KEYS = ['npv', 'benefit-cost-ratio', 'payback', 'savings-per-year', 'weighted-score'] as const;
export type RankingKey = (typeof RANKING_KEYS)[number];

export type RankedCandidate = {
  /** Position in this list (1-based). */
  position: number;
  caseId: string;
  title: string;
  status: string;
  revision: number;
  approved: boolean;
  owningDepartmentId: string;
  topDownEstimate: boolean;
  npv: Ore;
  npvBudgetEffective: Ore;
  benefitCostRatio: number | null;
  payback: Payback;
  savingsPerYear: Ore;
  totalInvestment: Ore;
  weightedScore: number | null;
  scoreComplete: boolean;
  scores: WeightedScore['scores'];
  /** The candidate's rank under each measure. */
  ranks: Record<RankingKey, number>;
};

/** Sort keys: a smaller key is better; missing values (null, not within horizon) come last. */
const KEY: Record<RankingKey, (r: Omit<RankedCandidate, 'position' | 'ranks'>) => number> = {
  npv: (r) => -r.npv,
  'benefit-cost-ratio': (r) => (r.benefitCostRatio === null ? Infinity : -r.benefitCostRatio),
  payback: (r) => (typeof r.payback === 'number' ? r.payback : Infinity),
  'savings-per-year': (r) => -r.savingsPerYear,
  'weighted-score': (r) => (r.weightedScore === null ? Infinity : -r.weightedScore),
};

const byId = (a: { caseId: string }, b: { caseId: string }): number => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);

export const rankCandidates = (candidates: readonly PortfolioCandidate[], assessment: StrategicAssessmentState, sortBy: RankingKey = 'npv'): RankedCandidate[] => {
  const rows = candidates.map((c) => {
    const w = weightedScoreOf(assessment, c.caseId);
    return {
      caseId: c.caseId,
      title: c.title,
      status: c.status,
      revision: c.revision,
      approved: c.approved,
      owningDepartmentId: c.owningDepartmentId,
      topDownEstimate: c.topDownEstimate,
      npv: c.npv,
      npvBudgetEffective: c.npvBudgetEffective,
      benefitCostRatio: c.benefitCostRatio,
      payback: c.payback,
      savingsPerYear: c.savingsPerYear,
      totalInvestment: c.totalInvestment,
      weightedScore: w.weightedScore,
      scoreComplete: w.complete,
      scores: w.scores,
    };
  });
  const ranks = new Map<string, Record<RankingKey, number>>(rows.map((r) => [r.caseId, {} as Record<RankingKey, number>]));
  for (const key of RANKING_KEYS) {
    const sorted = [...rows].sort((a, b) => KEY[key](a) - KEY[key](b) || byId(a, b));
    sorted.forEach((r, i) => {
      const previous = sorted[i - 1];
      ranks.get(r.caseId)![key] = previous && KEY[key](previous) === KEY[key](r) ? ranks.get(previous.caseId)![key] : i + 1;
    });
  }
  return rows
    .map((r) => ({ ...r, ranks: ranks.get(r.caseId)! }))
    .sort((a, b) => a.ranks[sortBy] - b.ranks[sortBy] || byId(a, b))
    .map((r, i) => ({ position: i + 1, ...r }));
};
