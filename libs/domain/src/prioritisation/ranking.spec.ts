import { fold } from '../shared';
import { strategicAssessmentDecider, type StrategicAssessmentEvent } from './assessment';
import { rankCandidates } from './ranking';
import { candidate, NOW } from './prioritisation.fixtures';

const m = { id: 'mette', role: 'management' as const };
const assessment = fold(strategicAssessmentDecider, [
  { type: 'StrategicCriterionDefined', data: { criterionId: 's', name: 'Service', description: '', weight: 1, by: m, at: NOW, reason: 'x' } },
  { type: 'CaseScored', data: { caseId: 'a', criterionId: 's', score: 1, previousScore: null, by: m, at: NOW, reason: 'x' } },
  { type: 'CaseScored', data: { caseId: 'b', criterionId: 's', score: 5, previousScore: null, by: m, at: NOW, reason: 'x' } },
  { type: 'CaseScored', data: { caseId: 'c', criterionId: 's', score: 3, previousScore: null, by: m, at: NOW, reason: 'x' } },
] as StrategicAssessmentEvent[]);

const candidates = [
  candidate('a', { npv: 900, benefitCostRatio: 3, payback: 1.5, savingsPerYear: 100 }),
  candidate('b', { npv: 500, benefitCostRatio: null, payback: 'not-within-horizon', savingsPerYear: 300 }),
  candidate('c', { npv: 900, benefitCostRatio: 1.2, payback: 0.5, savingsPerYear: 200 }),
  candidate('d', { npv: -50, benefitCostRatio: 0.8, payback: 4, savingsPerYear: 0 }),
];

describe('ranking the candidates', () => {
  it('ranks every candidate under every measure; equal values share a rank', () => {
    const ranked = rankCandidates(candidates, assessment);
    const ranks = Object.fromEntries(ranked.map((r) => [r.caseId, r.ranks]));
    expect(ranks['a']).toEqual({ npv: 1, 'benefit-cost-ratio': 1, payback: 2, 'savings-per-year': 3, 'weighted-score': 3 });
    expect(ranks['c']).toEqual({ npv: 1, 'benefit-cost-ratio': 2, payback: 1, 'savings-per-year': 2, 'weighted-score': 2 });
    // no costs → no ratio; not repaid within the horizon: both come last
    expect(ranks['b']).toEqual({ npv: 3, 'benefit-cost-ratio': 4, payback: 4, 'savings-per-year': 1, 'weighted-score': 1 });
    // unscored: no weighted score… but a criterion exists, so it scores 0
    expect(ranks['d']).toMatchObject({ npv: 4, 'weighted-score': 4 });
  });

  it('orders the list by the measure asked for (ties by case id) and numbers the positions', () => {
    expect(rankCandidates(candidates, assessment, 'npv').map((r) => r.caseId)).toEqual(['a', 'c', 'b', 'd']);
    expect(rankCandidates(candidates, assessment, 'payback').map((r) => r.caseId)).toEqual(['c', 'a', 'd', 'b']);
    expect(rankCandidates(candidates, assessment, 'weighted-score').map((r) => [r.position, r.caseId, r.weightedScore])).toEqual([
      [1, 'b', 5],
      [2, 'c', 3],
      [3, 'a', 1],
      [4, 'd', 0],
    ]);
  });

  it('shows the scores behind the weighted score and whether they are complete', () => {
    const d = rankCandidates(candidates, assessment).find((r) => r.caseId === 'd')!;
    expect(d.scoreComplete).toBe(false);
    expect(d.scores).toEqual([{ criterionId: 's', weight: 1, score: null, reason: null }]);
  });
});
