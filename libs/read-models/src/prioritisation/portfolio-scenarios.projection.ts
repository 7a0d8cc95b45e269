import type { PortfolioPlanEvent, PortfolioScenarioEvent } from '@gevinst/domain';
import type { RecordedEvent } from '@gevinst/event-store';
import type { Projection } from '../engine';

/** One row of the scenario list. */
export type ScenarioSummary = {
  scenarioId: string;
  name: string;
  description: string;
  method: 'optimised' | 'manual';
  objective: string;
  count: number;
  npv: number;
  totalInvestment: number;
  budgetEffectiveByYear: Record<string, number>;
  provenOptimal: boolean;
  by: { id: string; role: string };
  at: string;
  /** This scenario is the municipality's plan now. */
  committed: boolean;
  /** Every time it was committed (plan versions). */
  committedVersions: number[];
};

export type CurrentPlanDoc = { scenarioId: string; scenarioName: string; version: number; at: string; by: { id: string; role: string } };

/**
 * The scenario list and which one is the plan, kept from the scenario streams and the plan
 * stream. The full scenario (its cases and figures) is read from its stream.
 */
export const portfolioScenariosProjection: Projection<RecordedEvent<(PortfolioScenarioEvent | PortfolioPlanEvent)['type']>> = {
  name: 'portfolio-scenarios',
  version: 1,
  handles: (type) => type === 'PortfolioScenarioSaved' || type === 'PortfolioPlanCommitted',
  apply(recorded, docs) {
    const event = { type: recorded.type, data: recorded.data } as PortfolioScenarioEvent | PortfolioPlanEvent;
    switch (event.type) {
      case 'PortfolioScenarioSaved': {
        const d = event.data;
        const summary: ScenarioSummary = {
          scenarioId: d.scenarioId,
          name: d.name,
          description: d.description,
          method: d.method,
          objective: d.constraints.objective,
          count: d.result.figures.count,
          npv: d.result.figures.npv,
          totalInvestment: d.result.figures.totalInvestment,
          budgetEffectiveByYear: d.result.figures.budgetEffectiveByYear,
          provenOptimal: d.result.solver.provenOptimal,
          by: d.by,
          at: d.at,
          committed: false,
          committedVersions: [],
        };
        docs.put('scenarios', d.scenarioId, summary);
        return;
      }
      case 'PortfolioPlanCommitted': {
        const d = event.data;
        if (d.previousScenarioId) {
          const previous = docs.get<ScenarioSummary>('scenarios', d.previousScenarioId);
          if (previous) docs.put('scenarios', d.previousScenarioId, { ...previous, committed: false });
        }
        const now = docs.get<ScenarioSummary>('scenarios', d.scenarioId);
        if (now) docs.put('scenarios', d.scenarioId, { ...now, committed: true, committedVersions: [...now.committedVersions, d.version] });
        const plan: CurrentPlanDoc = { scenarioId: d.scenarioId, scenarioName: d.scenarioName, version: d.version, at: d.at, by: d.by };
        docs.put('plan', 'current', plan);
        return;
      }
      default:
        return;
    }
  },
};
