import { fold, InvalidInput, RuleViolated } from '../shared';
import { strategicAssessmentDecider, type StrategicAssessmentEvent } from './assessment';
import { emptyConstraints, type PortfolioConstraints } from './constraints';
import { InfeasibleConstraints } from './feasibility';
import { evaluateSelection, optimisePortfolio, portfolioFigures, portfolioFrontier } from './optimise';
import { bruteForceSolver, candidate, NOW } from './prioritisation.fixtures';
import type { SelectionSolver } from './selection-problem';

// Four cases, budget 2027 of 2 000 000 øre: the best pair by NPV is a + c
const candidates = [
  candidate('a', { npv: 3_000_000, investmentByYear: { '2027': 1_200_000 }, totalInvestment: 1_200_000, staffHoursByYear: { '2027': 100.5 }, budgetEffectiveByYear: { '2028': 700_000 } }),
  candidate('b', { npv: 2_000_000, investmentByYear: { '2027': 1_000_000 }, totalInvestment: 1_000_000, staffHoursByYear: { '2027': 300 }, budgetEffectiveByYear: { '2028': 500_000 } }),
  candidate('c', { npv: 1_500_000, investmentByYear: { '2027': 700_000 }, totalInvestment: 700_000, staffHoursByYear: { '2027': 50.25 }, budgetEffectiveByYear: { '2028': 100_000, '2029': 300_000 } }),
  candidate('d', { npv: -100_000, investmentByYear: { '2028': 300_000 }, totalInvestment: 300_000, topDownEstimate: true, budgetEffectiveByYear: {} }),
];
const constraints = (over: Partial<PortfolioConstraints> = {}): PortfolioConstraints => ({ ...emptyConstraints(), budgets: [{ year: 2027, amount: 2_000_000 }], ...over });

describe('optimising the portfolio', () => {
  it('maximises NPV under the yearly budget and reports the figures and the use of each constraint', async () => {
    const result = await optimisePortfolio({ candidates, constraints: constraints({ staffHours: [{ year: 2027, hours: 200 }] }) }, bruteForceSolver());
    expect(result.selection).toEqual(['a', 'c']);
    expect(result.objectiveValue).toBe(4_500_000);
    expect(result.figures).toMatchObject({
      count: 2,
      npv: 4_500_000,
      investmentByYear: { '2027': 1_900_000 },
      staffHoursByYear: { '2027': 150.75 },
      budgetEffectiveByYear: { '2028': 800_000, '2029': 300_000 },
      totalInvestment: 1_900_000,
    });
    expect(result.constraintUse).toEqual([
      { constraint: 'budget:2027', unit: 'øre', limit: 2_000_000, used: 1_900_000, slack: 100_000 },
      { constraint: 'staff-hours:2027', unit: 'hours', limit: 200, used: 150.75, slack: 49.25 },
    ]);
    expect(result.solver).toMatchObject({ solver: 'brute force', provenOptimal: true, gap: 0 });
    expect(result.candidatesConsidered).toBe(4);
  });

  it('honours forced cases and dependencies (a case with negative NPV comes in when a forced case needs it)', async () => {
    const c = constraints({ forcedIn: [{ caseId: 'b', reason: 'Required by law' }], dependencies: [{ caseId: 'b', requires: 'd' }] });
    const result = await optimisePortfolio({ candidates, constraints: c }, bruteForceSolver());
    // b forced (1.0 M), needs d (2028); the remaining 1.0 M of 2027 fits c, not a
    expect(result.selection).toEqual(['b', 'c', 'd']);
    expect(result.figures.topDownEstimates).toEqual(['d']);
  });

  it('maximises the weighted score when asked (the objective is Σ weight × score)', async () => {
    const m = { id: 'mette', role: 'management' as const };
    const assessment = fold(strategicAssessmentDecider, [
      { type: 'StrategicCriterionDefined', data: { criterionId: 's', name: 'S', description: '', weight: 2, by: m, at: NOW, reason: 'x' } },
      { type: 'CaseScored', data: { caseId: 'b', criterionId: 's', score: 5, previousScore: null, by: m, at: NOW, reason: 'x' } },
      { type: 'CaseScored', data: { caseId: 'c', criterionId: 's', score: 4, previousScore: null, by: m, at: NOW, reason: 'x' } },
      { type: 'CaseScored', data: { caseId: 'a', criterionId: 's', score: 4, previousScore: null, by: m, at: NOW, reason: 'x' } },
    ] as StrategicAssessmentEvent[]);
    const result = await optimisePortfolio({ candidates, constraints: constraints({ objective: 'weighted-score' }), assessment }, bruteForceSolver());
    // a + c would be 16 points, b + c is 18 (d scores 0: in or out, it makes no difference)
    expect(result.selection.filter((id) => id !== 'd')).toEqual(['b', 'c']);
    expect(result.objectiveValue).toBe(18);
    expect(result.figures.weightedScoreSum).toBe(9);
  });

  it('refuses the weighted-score objective without weighted criteria', async () => {
    await expect(optimisePortfolio({ candidates, constraints: constraints({ objective: 'weighted-score' }) }, bruteForceSolver())).rejects.toMatchObject({ code: 'no-strategic-criteria' });
  });

  it('explains infeasible constraints before solving, naming the constraint', async () => {
    const solver = bruteForceSolver();
    const c = constraints({ forcedIn: [{ caseId: 'a', reason: 'x' }, { caseId: 'b', reason: 'y' }] });
    const error = await optimisePortfolio({ candidates, constraints: c }, solver).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfeasibleConstraints);
    expect((error as InfeasibleConstraints).details).toMatchObject({ constraint: 'budget:2027', violations: [{ required: 2_200_000, limit: 2_000_000, excess: 200_000, cases: ['a', 'b'] }] });
    expect(solver.calls).toHaveLength(0);
  });

  it('refuses constraints that name a case that is no candidate', async () => {
    await expect(optimisePortfolio({ candidates, constraints: constraints({ forcedOut: [{ caseId: 'zz', reason: 'x' }] }) }, bruteForceSolver())).rejects.toBeInstanceOf(InvalidInput);
  });

  it('never passes on a selection from the solver that breaks a constraint', async () => {
    const liar: SelectionSolver = { solve: async (p) => ({ selected: p.ids.map(() => true), objective: 0, provenOptimal: true, status: 'optimal', gap: 0, bound: 0, seconds: 0, solver: 'liar' }) };
    await expect(optimisePortfolio({ candidates, constraints: constraints() }, liar)).rejects.toThrow(/breaks/);
  });
});

describe('a selection by hand', () => {
  it('gets the same figures as an optimised one', () => {
    const r = evaluateSelection({ candidates, constraints: constraints() }, ['c', 'b']);
    expect(r.selection).toEqual(['b', 'c']);
    expect(r.figures.npv).toBe(3_500_000);
    expect(r.solver).toMatchObject({ solver: 'manual', provenOptimal: false });
  });

  it('must meet its constraints: else the rule names what it breaks', () => {
    let thrown: unknown;
    try {
      evaluateSelection({ candidates, constraints: constraints() }, ['a', 'b']);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RuleViolated);
    expect(thrown).toMatchObject({ code: 'selection-breaks-constraints', details: { constraint: 'budget:2027', violations: [{ used: 2_200_000, limit: 2_000_000, excess: 200_000 }] } });
    expect(() => evaluateSelection({ candidates, constraints: constraints({ dependencies: [{ caseId: 'c', requires: 'd' }] }) }, ['c'])).toThrow(
      expect.objectContaining({ details: expect.objectContaining({ constraint: 'dependency:c->d' }) }) as Error,
    );
    expect(() => evaluateSelection({ candidates, constraints: constraints() }, ['zz'])).toThrow(InvalidInput);
  });
});

describe('portfolio figures', () => {
  it('sums per year, hours exactly', () => {
    const f = portfolioFigures([candidate('x', { staffHoursByYear: { '2027': 0.1 } }), candidate('y', { staffHoursByYear: { '2027': 0.2 } })]);
    expect(f.staffHoursByYear).toEqual({ '2027': 0.3 });
  });
});

describe('the efficient frontier', () => {
  const many = Array.from({ length: 9 }, (_, i) =>
    candidate(`k${i}`, { npv: 1_000 * ((i * 7) % 10) - 1_500, investmentByYear: { '2027': 500 + 300 * i, '2028': 100 * ((i * 3) % 5) }, totalInvestment: 500 + 300 * i + 100 * ((i * 3) % 5) }),
  );

  it('rises with the budget from where the forced cases fit to where the unlimited optimum fits, then stays flat', async () => {
    const c: PortfolioConstraints = { ...emptyConstraints(), budgets: [{ year: 2027, amount: 2_000 }, { year: 2028, amount: 1_000 }], forcedIn: [{ caseId: 'k2', reason: 'x' }] };
    const f = await portfolioFrontier({ candidates: many, constraints: c }, bruteForceSolver(), 12);
    expect(f.basis).toBe('yearly-budgets');
    expect(f.points).toHaveLength(12);
    // first point: just k2 fits (1 100 in 2027 / 2 000 → factor .55; 2028: 100 / 1 000)
    expect(f.points[0]).toMatchObject({ budgetsByYear: { '2027': 1_100, '2028': 550 }, selection: ['k2'] });
    for (let k = 1; k < f.points.length; k++) {
      expect(f.points[k]!.npv).toBeGreaterThanOrEqual(f.points[k - 1]!.npv);
      expect(f.points[k]!.budget).toBeGreaterThanOrEqual(f.points[k - 1]!.budget);
    }
    // the last point funds every candidate; the best there is the unlimited optimum
    expect(f.points[11]!.npv).toBe(f.unlimited.npv);
    expect(f.allProvenOptimal).toBe(true);
    // each point is the optimum at its budgets (checked independently)
    for (const p of f.points) {
      const own = await optimisePortfolio({ candidates: many, constraints: { ...c, budgets: Object.entries(p.budgetsByYear).map(([y, a]) => ({ year: Number(y), amount: a })) } }, bruteForceSolver());
      expect(p.objectiveValue).toBe(own.objectiveValue);
    }
  });

  it('takes the unlimited optimum without solving again where it fits, and gives the same curve in parallel chains', async () => {
    const one = bruteForceSolver(1);
    const two = bruteForceSolver(2);
    const a = await portfolioFrontier({ candidates: many, constraints: emptyConstraints() }, one, 10);
    const b = await portfolioFrontier({ candidates: many, constraints: emptyConstraints() }, two, 10);
    expect(a.basis).toBe('total-investment');
    expect(a.points.map((p) => p.objectiveValue)).toEqual(b.points.map((p) => p.objectiveValue));
    expect(a.solves).toBe(one.calls.length);
    expect(a.solves).toBeLessThan(11);
    expect(a.points[0]).toMatchObject({ budget: 0 });
  });

  it('refuses when the constraints other than the budget cannot hold', async () => {
    const c: PortfolioConstraints = { ...emptyConstraints(), staffHours: [{ year: 2027, hours: 1 }], forcedIn: [{ caseId: 'a', reason: 'x' }] };
    await expect(portfolioFrontier({ candidates, constraints: c }, bruteForceSolver(), 5)).rejects.toMatchObject({ code: 'constraints-infeasible', details: { constraint: 'staff-hours:2027' } });
  });
});
