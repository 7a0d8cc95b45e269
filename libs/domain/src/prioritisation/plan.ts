/**
 * The municipality's plan: the scenario management commits (stream `portfolio-plan`), and the
 * savings target the plan is checked against top-down. Committing again replaces the plan in
 * force; every commitment stays in the stream.
 *
 * A scenario can only be committed while its numbers still hold: every selected case must still
 * be a candidate with the revision the scenario was saved with (a case re-baselined and
 * re-approved since, or rejected, makes the scenario stale: save a new one).
 */
import { InvalidInput, NotFound, NotPermitted, RuleViolated, type Decider, type DomainCommand, type DomainEvent, type Ore, type Role } from '../shared';
import type { ActorRefData } from './assessment';
import type { ByYear } from './candidate';
import type { PortfolioConstraints } from './constraints';
import type { PortfolioFigures } from './optimise';
import type { ScenarioCase, ScenarioData } from './scenario';

export const PORTFOLIO_PLAN_STREAM = 'portfolio-plan';

export type CommittedPlan = {
  version: number;
  scenarioId: string;
  scenarioName: string;
  selection: string[];
  cases: ScenarioCase[];
  figures: PortfolioFigures;
  constraints: PortfolioConstraints;
  previousScenarioId: string | null;
  by: ActorRefData;
  at: string;
  reason: string;
};

export type SavingsTarget = {
  /** Budget-effective savings a year the municipality must find (øre), e.g. 28 million kr. */
  amountPerYear: Ore;
  fromYear: number;
  toYear: number;
};

export type PortfolioPlanCommitted = DomainEvent<'PortfolioPlanCommitted', CommittedPlan>;
export type SavingsTargetSet = DomainEvent<'SavingsTargetSet', SavingsTarget & { previous: SavingsTarget | null; by: ActorRefData; at: string; reason: string }>;
export type PortfolioPlanEvent = PortfolioPlanCommitted | SavingsTargetSet;
export const PORTFOLIO_PLAN_EVENT_TYPES = ['PortfolioPlanCommitted', 'SavingsTargetSet'] as const;

/** The current revision that counts for each selected case, or null when it is no longer a candidate. */
export type CurrentCaseFacts = Record<string, { status: string; revision: number | null }>;

export type CommitPortfolioPlan = DomainCommand<'CommitPortfolioPlan', { scenarioId: string; scenario: ScenarioData | null; currentCases: CurrentCaseFacts }>;
export type SetSavingsTarget = DomainCommand<'SetSavingsTarget', SavingsTarget>;
export type PortfolioPlanCommand = CommitPortfolioPlan | SetSavingsTarget;

export type PortfolioPlanState = {
  plan: CommittedPlan | null;
  history: { version: number; scenarioId: string; scenarioName: string; by: ActorRefData; at: string; reason: string }[];
  target: SavingsTarget | null;
};

const MANAGEMENT: readonly Role[] = ['management'];
const MAX_TARGET_YEARS = 35;

const requireReason = (reason: string | undefined): string => {
  if (reason === undefined || reason.trim() === '') throw new InvalidInput('reason-required', 'Give a reason', 'reason');
  return reason;
};

export const portfolioPlanDecider: Decider<PortfolioPlanCommand, PortfolioPlanState, PortfolioPlanEvent> = {
  initialState: () => ({ plan: null, history: [], target: null }),
  decide: (command, state) => {
    const { actor, now } = command.context;
    const by = { id: actor.id, role: actor.role };
    switch (command.type) {
      case 'CommitPortfolioPlan': {
        if (!MANAGEMENT.includes(actor.role)) throw new NotPermitted('role-not-permitted', 'Only management commits the municipality’s plan');
        const reason = requireReason(command.context.reason);
        const scenario = command.data.scenario;
        if (scenario === null) throw new NotFound('scenario-not-found', `No scenario ${command.data.scenarioId}`);
        if (state.plan?.scenarioId === scenario.scenarioId) return [];
        const stale = scenario.cases
          .map((c) => ({ caseId: c.caseId, savedRevision: c.revision, ...(command.data.currentCases[c.caseId] ?? { status: 'unknown', revision: null }) }))
          .filter((c) => c.revision !== c.savedRevision)
          .map((c) => ({ caseId: c.caseId, savedRevision: c.savedRevision, currentRevision: c.revision, status: c.status }));
        if (stale.length > 0) {
          throw new RuleViolated(
            'scenario-stale',
            `The scenario's numbers no longer hold for ${stale.map((s) => s.caseId).join(', ')}: save a new scenario`,
            { cases: stale },
          );
        }
        return [
          {
            type: 'PortfolioPlanCommitted',
            data: {
              version: state.history.length + 1,
              scenarioId: scenario.scenarioId,
              scenarioName: scenario.name,
              selection: scenario.result.selection,
              cases: scenario.cases,
              figures: scenario.result.figures,
              constraints: scenario.constraints,
              previousScenarioId: state.plan?.scenarioId ?? null,
              by,
              at: now,
              reason,
            },
          },
        ];
      }
      case 'SetSavingsTarget': {
        if (!MANAGEMENT.includes(actor.role)) throw new NotPermitted('role-not-permitted', 'Only management sets the savings target');
        const { amountPerYear, fromYear, toYear } = command.data;
        if (!Number.isSafeInteger(amountPerYear) || amountPerYear < 0) throw new InvalidInput('not-whole-ore', 'amountPerYear must be a whole, non-negative number of øre', 'amountPerYear');
        if (!Number.isSafeInteger(fromYear) || fromYear < 2000 || fromYear > 2100) throw new InvalidInput('out-of-range', 'fromYear must be a calendar year 2000–2100', 'fromYear');
        if (!Number.isSafeInteger(toYear) || toYear < fromYear || toYear - fromYear >= MAX_TARGET_YEARS) {
          throw new InvalidInput('out-of-range', `toYear must be fromYear … fromYear + ${MAX_TARGET_YEARS - 1}`, 'toYear');
        }
        const reason = requireReason(command.context.reason);
        const t = state.target;
        if (t && t.amountPerYear === amountPerYear && t.fromYear === fromYear && t.toYear === toYear) return [];
        return [{ type: 'SavingsTargetSet', data: { amountPerYear, fromYear, toYear, previous: t, by, at: now, reason } }];
      }
      default: {
        const _exhaustive: never = command;
        throw new Error(`Unknown command ${String((_exhaustive as { type: string }).type)}`);
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'PortfolioPlanCommitted': {
        const d = event.data;
        return { ...state, plan: d, history: [...state.history, { version: d.version, scenarioId: d.scenarioId, scenarioName: d.scenarioName, by: d.by, at: d.at, reason: d.reason }] };
      }
      case 'SavingsTargetSet': {
        const { amountPerYear, fromYear, toYear } = event.data;
        return { ...state, target: { amountPerYear, fromYear, toYear } };
      }
      default:
        return state;
    }
  },
};

export type TopDownYear = { year: number; target: Ore; planned: Ore; shortfall: Ore; surplus: Ore };
export type TopDownCheck = {
  target: SavingsTarget;
  plan: { scenarioId: string; scenarioName: string; version: number; committedAt: string } | null;
  years: TopDownYear[];
  totals: { target: Ore; planned: Ore; shortfall: Ore };
  /** Every year of the target is covered by the plan's budget-effective savings. */
  met: boolean;
  /** The first year with a shortfall, if any. */
  firstShortfallYear: number | null;
  /** Plan cases whose savings are a top-down estimate themselves (derived from a national case). */
  topDownEstimates: string[];
};

/**
 * The top-down check: the target (e.g. the municipality's share of a national savings goal)
 * against the committed plan's budget-effective savings, year by year, with the shortfall.
 * Without a committed plan every year falls short by the whole target.
 */
export const topDownCheck = (target: SavingsTarget, plan: CommittedPlan | null): TopDownCheck => {
  const planned: ByYear = plan?.figures.budgetEffectiveByYear ?? {};
  const years: TopDownYear[] = [];
  for (let year = target.fromYear; year <= target.toYear; year++) {
    const p = planned[String(year)] ?? 0;
    years.push({ year, target: target.amountPerYear, planned: p, shortfall: Math.max(0, target.amountPerYear - p), surplus: Math.max(0, p - target.amountPerYear) });
  }
  const totals = years.reduce((t, y) => ({ target: t.target + y.target, planned: t.planned + y.planned, shortfall: t.shortfall + y.shortfall }), { target: 0, planned: 0, shortfall: 0 });
  const first = years.find((y) => y.shortfall > 0);
  return {
    target,
    plan: plan ? { scenarioId: plan.scenarioId, scenarioName: plan.scenarioName, version: plan.version, committedAt: plan.at } : null,
    years,
    totals,
    met: first === undefined,
    firstShortfallYear: first?.year ?? null,
    topDownEstimates: plan?.figures.topDownEstimates ?? [],
  };
};
