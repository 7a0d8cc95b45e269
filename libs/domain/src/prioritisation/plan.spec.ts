import { spec } from '@gevinst/testing';
import { InvalidInput, NotFound, NotPermitted, RuleViolated, type Actor } from '../shared';
import { emptyConstraints } from './constraints';
import { portfolioPlanDecider, topDownCheck, type PortfolioPlanCommand, type PortfolioPlanEvent, type CurrentCaseFacts } from './plan';
import { candidate, ctx, finance, management, NOW } from './prioritisation.fixtures';
import { portfolioScenarioDecider, type ScenarioData } from './scenario';

const candidates = [
  candidate('a', { revision: 2, budgetEffectiveByYear: { '2027': 0, '2028': 10_000_000_00, '2029': 20_000_000_00 } }),
  candidate('b', { revision: 1, topDownEstimate: true, budgetEffectiveByYear: { '2028': 5_000_000_00, '2029': 9_000_000_00, '2030': 9_000_000_00 } }),
];
const scenario = (scenarioId: string, selection = ['a', 'b']): ScenarioData =>
  portfolioScenarioDecider.decide(
    { type: 'SavePortfolioScenario', data: { scenarioId, name: `Scenario ${scenarioId}`, description: '', constraints: emptyConstraints(), selection, candidates }, context: ctx(finance, 'x') },
    portfolioScenarioDecider.initialState(),
  )[0]!.data;
const current: CurrentCaseFacts = { a: { status: 'approved', revision: 2 }, b: { status: 'submitted', revision: 1 } };
const commit = (s: ScenarioData | null, actor: Actor = management, facts: CurrentCaseFacts = current, reason = 'Byrådets budgetaftale'): PortfolioPlanCommand => ({
  type: 'CommitPortfolioPlan',
  data: { scenarioId: s?.scenarioId ?? 'missing', scenario: s, currentCases: facts },
  context: ctx(actor, reason),
});
const committed = (s: ScenarioData, version = 1, previousScenarioId: string | null = null): PortfolioPlanEvent => ({
  type: 'PortfolioPlanCommitted',
  data: {
    version,
    scenarioId: s.scenarioId,
    scenarioName: s.name,
    selection: s.result.selection,
    cases: s.cases,
    figures: s.result.figures,
    constraints: s.constraints,
    previousScenarioId,
    by: { id: 'mette', role: 'management' },
    at: NOW,
    reason: 'Byrådets budgetaftale',
  },
});
const given = spec(portfolioPlanDecider).given;

describe('committing a scenario as the municipality’s plan', () => {
  it('management commits it, with a reason; the plan carries the selection and its figures', () => {
    given([]).when(commit(scenario('s1'))).then([committed(scenario('s1'))]);
  });

  it('finance (or anyone but management) may not commit', () => {
    given([]).when(commit(scenario('s1'), finance)).thenThrows(NotPermitted, 'role-not-permitted');
  });

  it('needs a reason and an existing scenario', () => {
    given([]).when(commit(scenario('s1'), management, current, '')).thenThrows(InvalidInput, 'reason-required');
    given([]).when(commit(null)).thenThrows(NotFound, 'scenario-not-found');
  });

  it('refuses a stale scenario: a case re-approved with other numbers, or no longer a candidate', () => {
    given([]).when(commit(scenario('s1'), management, { ...current, a: { status: 'approved', revision: 3 } })).thenThrows(RuleViolated, 'scenario-stale');
    given([]).when(commit(scenario('s1'), management, { a: current['a']!, b: { status: 'rejected', revision: null } })).thenThrows(RuleViolated, 'scenario-stale');
  });

  it('a new commitment replaces the plan and names the previous one; the same one again changes nothing', () => {
    given([committed(scenario('s1'))]).when(commit(scenario('s2', ['a']))).then([committed(scenario('s2', ['a']), 2, 's1')]);
    given([committed(scenario('s1'))]).when(commit(scenario('s1'))).then([]);
  });
});

describe('the savings target and the top-down check', () => {
  const setTarget = (amountPerYear: number, actor: Actor = management): PortfolioPlanCommand => ({
    type: 'SetSavingsTarget',
    data: { amountPerYear, fromYear: 2028, toYear: 2030 },
    context: ctx(actor, 'KL’s share of the national goal'),
  });

  it('management sets the target', () => {
    given([]).when(setTarget(28_000_000_00)).then([
      { type: 'SavingsTargetSet', data: { amountPerYear: 28_000_000_00, fromYear: 2028, toYear: 2030, previous: null, by: { id: 'mette', role: 'management' }, at: NOW, reason: 'KL’s share of the national goal' } },
    ]);
    given([]).when(setTarget(1, finance)).thenThrows(NotPermitted, 'role-not-permitted');
    given([]).when(setTarget(-1)).thenThrows(InvalidInput, 'not-whole-ore');
  });

  it('shows, year by year, the shortfall of the plan’s budget-effective savings against the target', () => {
    const plan = (committed(scenario('s1')) as Extract<PortfolioPlanEvent, { type: 'PortfolioPlanCommitted' }>).data;
    const check = topDownCheck({ amountPerYear: 28_000_000_00, fromYear: 2028, toYear: 2030 }, plan);
    expect(check.years).toEqual([
      { year: 2028, target: 28_000_000_00, planned: 15_000_000_00, shortfall: 13_000_000_00, surplus: 0 },
      { year: 2029, target: 28_000_000_00, planned: 29_000_000_00, shortfall: 0, surplus: 1_000_000_00 },
      { year: 2030, target: 28_000_000_00, planned: 9_000_000_00, shortfall: 19_000_000_00, surplus: 0 },
    ]);
    expect(check.totals).toEqual({ target: 84_000_000_00, planned: 53_000_000_00, shortfall: 32_000_000_00 });
    expect(check).toMatchObject({ met: false, firstShortfallYear: 2028, topDownEstimates: ['b'], plan: { scenarioId: 's1', version: 1 } });
  });

  it('without a committed plan, every year falls short by the whole target', () => {
    const check = topDownCheck({ amountPerYear: 100, fromYear: 2027, toYear: 2027 }, null);
    expect(check).toMatchObject({ plan: null, met: false, years: [{ year: 2027, planned: 0, shortfall: 100 }] });
  });
});
