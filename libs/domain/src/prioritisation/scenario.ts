/**
 * A scenario: a named set of constraints and the selection made under them, saved as an event
 * on its own stream `portfolio-scenario-<id>`, with the figures of every selected case as they
 * were (revision included), so that comparing and committing use the numbers that were seen.
 *
 * The decider computes the figures itself from the candidates on the command and refuses a
 * selection that breaks its own constraints: a saved scenario is always consistent.
 */
import { IllegalState, InvalidInput, NotPermitted, type Decider, type DomainCommand, type DomainEvent, type Ore, type Role } from '../shared';
import type { ActorRefData, StrategicAssessmentState } from './assessment';
import type { ByYear, PortfolioCandidate } from './candidate';
import type { PortfolioConstraints } from './constraints';
import { evaluateSelection, type PortfolioSelection, type SolverReport } from './optimise';

export const portfolioScenarioStreamName = (scenarioId: string): string => `portfolio-scenario-${scenarioId}`;

/** A selected case as it stood when the scenario was saved. */
export type ScenarioCase = {
  caseId: string;
  title: string;
  revision: number;
  status: string;
  owningDepartmentId: string;
  npv: Ore;
  savingsPerYear: Ore;
  investmentByYear: ByYear;
  staffHoursByYear: ByYear;
  budgetEffectiveByYear: ByYear;
  topDownEstimate: boolean;
};

export type ScenarioData = {
  scenarioId: string;
  name: string;
  description: string;
  /** 'optimised': the solver chose the selection; 'manual': a person did. */
  method: 'optimised' | 'manual';
  constraints: PortfolioConstraints;
  result: PortfolioSelection;
  cases: ScenarioCase[];
  by: ActorRefData;
  at: string;
  reason: string;
};

export type PortfolioScenarioSaved = DomainEvent<'PortfolioScenarioSaved', ScenarioData>;
export type PortfolioScenarioEvent = PortfolioScenarioSaved;
export const PORTFOLIO_SCENARIO_EVENT_TYPES = ['PortfolioScenarioSaved'] as const;

export type SavePortfolioScenario = DomainCommand<
  'SavePortfolioScenario',
  {
    scenarioId: string;
    name: string;
    description: string;
    constraints: PortfolioConstraints;
    selection: string[];
    /** Facts: every candidate as it stands, and the strategic assessment. */
    candidates: readonly PortfolioCandidate[];
    assessment?: StrategicAssessmentState;
    /** How the selection was found, when a solver found it. */
    solver?: SolverReport;
  }
>;
export type PortfolioScenarioCommand = SavePortfolioScenario;

export type PortfolioScenarioState = { status: 'empty' } | { status: 'saved'; scenario: ScenarioData };

const CREATORS: readonly Role[] = ['finance', 'management'];

export const scenarioCase = (c: PortfolioCandidate): ScenarioCase => ({
  caseId: c.caseId,
  title: c.title,
  revision: c.revision,
  status: c.status,
  owningDepartmentId: c.owningDepartmentId,
  npv: c.npv,
  savingsPerYear: c.savingsPerYear,
  investmentByYear: c.investmentByYear,
  staffHoursByYear: c.staffHoursByYear,
  budgetEffectiveByYear: c.budgetEffectiveByYear,
  topDownEstimate: c.topDownEstimate,
});

export const portfolioScenarioDecider: Decider<PortfolioScenarioCommand, PortfolioScenarioState, PortfolioScenarioEvent> = {
  initialState: () => ({ status: 'empty' }),
  decide: (command, state) => {
    switch (command.type) {
      case 'SavePortfolioScenario': {
        const { actor, now } = command.context;
        if (!CREATORS.includes(actor.role)) throw new NotPermitted('role-not-permitted', 'Only finance or management save scenarios');
        const d = command.data;
        if (d.name.trim() === '' || d.name.length > 200) throw new InvalidInput('empty', 'A scenario needs a name of at most 200 characters', 'name');
        if (d.description.length > 4000) throw new InvalidInput('too-long', 'The description is at most 4000 characters', 'description');
        if (state.status !== 'empty') throw new IllegalState('scenario-exists', `The scenario ${d.scenarioId} is already saved; save a new one`);
        const evaluated = evaluateSelection({ candidates: d.candidates, constraints: d.constraints, ...(d.assessment ? { assessment: d.assessment } : {}) }, d.selection);
        const result: PortfolioSelection = d.solver ? { ...evaluated, solver: d.solver } : evaluated;
        const chosen = new Set(result.selection);
        const cases = [...d.candidates].filter((c) => chosen.has(c.caseId)).sort((a, b) => (a.caseId < b.caseId ? -1 : 1)).map(scenarioCase);
        return [
          {
            type: 'PortfolioScenarioSaved',
            data: {
              scenarioId: d.scenarioId,
              name: d.name.trim(),
              description: d.description,
              method: d.solver ? 'optimised' : 'manual',
              constraints: d.constraints,
              result,
              cases,
              by: { id: actor.id, role: actor.role },
              at: now,
              reason: command.context.reason ?? '',
            },
          },
        ];
      }
      default: {
        const _exhaustive: never = command.type;
        throw new Error(`Unknown command ${String(_exhaustive)}`);
      }
    }
  },
  evolve: (state, event) => (event.type === 'PortfolioScenarioSaved' ? { status: 'saved', scenario: event.data } : state),
};

export type YearComparison = { year: number; a: number; b: number; delta: number };
export type ScenarioComparison = {
  a: { scenarioId: string; name: string; objective: string; method: string };
  b: { scenarioId: string; name: string; objective: string; method: string };
  onlyInA: { caseId: string; title: string; npv: Ore }[];
  onlyInB: { caseId: string; title: string; npv: Ore }[];
  inBoth: string[];
  /** A case in both, but saved with different revisions. */
  revisionDiffers: { caseId: string; a: number; b: number }[];
  count: { a: number; b: number; delta: number };
  npv: { a: Ore; b: Ore; delta: Ore };
  npvBudgetEffective: { a: Ore; b: Ore; delta: Ore };
  weightedScoreSum: { a: number; b: number; delta: number };
  savingsByYear: YearComparison[];
  investmentByYear: YearComparison[];
  staffHoursByYear: YearComparison[];
};

const byYearComparison = (a: ByYear, b: ByYear, scale = 1): YearComparison[] =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .map(Number)
    .sort((x, y) => x - y)
    .map((year) => {
      const va = a[String(year)] ?? 0;
      const vb = b[String(year)] ?? 0;
      // hours carry 2 decimals: subtract in hundredths
      return { year, a: va, b: vb, delta: scale === 1 ? vb - va : (Math.round(vb * scale) - Math.round(va * scale)) / scale };
    });

const delta = (a: number, b: number) => ({ a, b, delta: b - a });

/** Scenario A against scenario B, side by side (delta = B − A), on the numbers as saved. */
export const compareScenarios = (a: ScenarioData, b: ScenarioData): ScenarioComparison => {
  const inA = new Map(a.cases.map((c) => [c.caseId, c]));
  const inB = new Map(b.cases.map((c) => [c.caseId, c]));
  const brief = (c: ScenarioCase) => ({ caseId: c.caseId, title: c.title, npv: c.npv });
  const fa = a.result.figures;
  const fb = b.result.figures;
  return {
    a: { scenarioId: a.scenarioId, name: a.name, objective: a.constraints.objective, method: a.method },
    b: { scenarioId: b.scenarioId, name: b.name, objective: b.constraints.objective, method: b.method },
    onlyInA: a.cases.filter((c) => !inB.has(c.caseId)).map(brief),
    onlyInB: b.cases.filter((c) => !inA.has(c.caseId)).map(brief),
    inBoth: a.cases.filter((c) => inB.has(c.caseId)).map((c) => c.caseId),
    revisionDiffers: a.cases
      .filter((c) => inB.has(c.caseId) && inB.get(c.caseId)!.revision !== c.revision)
      .map((c) => ({ caseId: c.caseId, a: c.revision, b: inB.get(c.caseId)!.revision })),
    count: delta(fa.count, fb.count),
    npv: delta(fa.npv, fb.npv),
    npvBudgetEffective: delta(fa.npvBudgetEffective, fb.npvBudgetEffective),
    weightedScoreSum: { a: fa.weightedScoreSum, b: fb.weightedScoreSum, delta: Math.round((fb.weightedScoreSum - fa.weightedScoreSum) * 1e6) / 1e6 },
    savingsByYear: byYearComparison(fa.budgetEffectiveByYear, fb.budgetEffectiveByYear),
    investmentByYear: byYearComparison(fa.investmentByYear, fb.investmentByYear),
    staffHoursByYear: byYearComparison(fa.staffHoursByYear, fb.staffHoursByYear, 100),
  };
};
