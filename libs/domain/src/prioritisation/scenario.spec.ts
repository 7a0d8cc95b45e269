import { spec } from '@gevinst/testing';
import { IllegalState, InvalidInput, NotPermitted, RuleViolated, type Actor } from '../shared';
import { emptyConstraints, type PortfolioConstraints } from './constraints';
import { candidate, ctx, finance, head, management, NOW } from './prioritisation.fixtures';
import { compareScenarios, portfolioScenarioDecider, type PortfolioScenarioCommand, type PortfolioScenarioEvent, type ScenarioData } from './scenario';

const candidates = [
  candidate('a', { npv: 3_000_000, investmentByYear: { '2027': 1_200_000 }, totalInvestment: 1_200_000, budgetEffectiveByYear: { '2028': 700_000 }, staffHoursByYear: { '2027': 10.5 } }),
  candidate('b', { npv: 2_000_000, investmentByYear: { '2027': 1_000_000 }, totalInvestment: 1_000_000, budgetEffectiveByYear: { '2028': 500_000, '2029': 500_000 } }),
  candidate('c', { npv: 1_500_000, investmentByYear: { '2027': 700_000 }, totalInvestment: 700_000, budgetEffectiveByYear: { '2028': 100_000 }, staffHoursByYear: { '2027': 2.25 } }),
];
const constraints: PortfolioConstraints = { ...emptyConstraints(), budgets: [{ year: 2027, amount: 2_000_000 }] };

const save = (selection: string[], actor: Actor = finance, over: Partial<Extract<PortfolioScenarioCommand, { type: 'SavePortfolioScenario' }>['data']> = {}): PortfolioScenarioCommand => ({
  type: 'SavePortfolioScenario',
  data: { scenarioId: 's1', name: ' Plan A ', description: 'Max NPV', constraints, selection, candidates, ...over },
  context: ctx(actor, 'Budget seminar'),
});
const given = spec(portfolioScenarioDecider).given;

describe('scenarios: saved as events', () => {
  it('finance or management saves a named scenario: constraints, selection, figures and each selected case as it stands', () => {
    given([])
      .when(save(['c', 'a'], finance, { solver: { solver: 'HiGHS 1.15', status: 'optimal', provenOptimal: true, gap: 0, bound: 4_500_000, seconds: 0.1 } }))
      .thenEvents(([event]) => {
        const d = (event as PortfolioScenarioEvent).data;
        expect(d).toMatchObject({ scenarioId: 's1', name: 'Plan A', description: 'Max NPV', method: 'optimised', constraints, by: { id: 'frida', role: 'finance' }, at: NOW, reason: 'Budget seminar' });
        expect(d.result).toMatchObject({ selection: ['a', 'c'], objectiveValue: 4_500_000, solver: { solver: 'HiGHS 1.15', provenOptimal: true } });
        expect(d.cases.map((c) => [c.caseId, c.revision, c.npv])).toEqual([
          ['a', 1, 3_000_000],
          ['c', 1, 1_500_000],
        ]);
      });
    given([]).when(save(['b'], management)).thenEvents(([event]) => expect((event as PortfolioScenarioEvent).data.method).toBe('manual'));
  });

  it('department heads and others only read', () => {
    given([]).when(save(['b'], head)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('a scenario breaking its own constraints is refused, naming the constraint', () => {
    given([]).when(save(['a', 'b'])).thenThrows(RuleViolated, 'selection-breaks-constraints');
    given([]).when(save(['a'], finance, { constraints: { ...constraints, forcedIn: [{ caseId: 'a', reason: 'x' }, { caseId: 'b', reason: 'y' }] } })).thenThrows(RuleViolated, 'constraints-infeasible');
  });

  it('needs a name, and is saved once', () => {
    given([]).when(save(['a'], finance, { name: '  ' })).thenThrows(InvalidInput, 'empty');
    const saved = portfolioScenarioDecider.decide(save(['a']), portfolioScenarioDecider.initialState());
    given(saved).when(save(['a'])).thenThrows(IllegalState, 'scenario-exists');
  });
});

describe('comparing two scenarios', () => {
  const data = (scenarioId: string, selection: string[], revisions: Record<string, number> = {}): ScenarioData => {
    const [event] = portfolioScenarioDecider.decide(
      save(selection, finance, { scenarioId, name: scenarioId, candidates: candidates.map((c) => ({ ...c, revision: revisions[c.caseId] ?? 1 })) }),
      portfolioScenarioDecider.initialState(),
    );
    return event!.data;
  };

  it('shows which cases differ, and NPV, savings, investment and staff hours per year side by side (delta = B − A)', () => {
    const cmp = compareScenarios(data('A', ['a', 'c']), data('B', ['b', 'c'], { c: 2 }));
    expect(cmp.onlyInA).toEqual([{ caseId: 'a', title: 'Case a', npv: 3_000_000 }]);
    expect(cmp.onlyInB).toEqual([{ caseId: 'b', title: 'Case b', npv: 2_000_000 }]);
    expect(cmp.inBoth).toEqual(['c']);
    expect(cmp.revisionDiffers).toEqual([{ caseId: 'c', a: 1, b: 2 }]);
    expect(cmp.npv).toEqual({ a: 4_500_000, b: 3_500_000, delta: -1_000_000 });
    expect(cmp.count).toEqual({ a: 2, b: 2, delta: 0 });
    expect(cmp.savingsByYear).toEqual([
      { year: 2028, a: 800_000, b: 600_000, delta: -200_000 },
      { year: 2029, a: 0, b: 500_000, delta: 500_000 },
    ]);
    expect(cmp.investmentByYear).toEqual([{ year: 2027, a: 1_900_000, b: 1_700_000, delta: -200_000 }]);
    expect(cmp.staffHoursByYear).toEqual([{ year: 2027, a: 12.75, b: 2.25, delta: -10.5 }]);
  });
});
