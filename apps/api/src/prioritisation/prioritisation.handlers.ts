import { uuidFromSeed } from '../application/derived-id';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  optimisePortfolio,
  PORTFOLIO_PLAN_STREAM,
  portfolioPlanDecider,
  portfolioScenarioDecider,
  portfolioScenarioStreamName,
  validateConstraints,
  type PortfolioConstraints,
  type PortfolioPlanEvent,
  type PortfolioScenarioEvent,
  type SelectionSolver,
} from '@gevinst/domain';
import { Clock } from '../application/clock';
import { CommandRunner, type CommandResult, type RequestContext } from '../application/command-runner';
import { ReadModels } from '../read-models/read-models';
import { PortfolioFacts, SELECTION_SOLVER, withFieldPaths } from './portfolio-facts';

/** Save a scenario: a selection by hand, or (without one) the optimiser's. */
export class SavePortfolioScenarioCommand {
  constructor(
    readonly body: { name: string; description: string; constraints: PortfolioConstraints; selection?: string[]; reason?: string },
    readonly context: RequestContext,
  ) {}
}

/** Commit a saved scenario as the municipality's plan. */
export class CommitPortfolioPlanCommand {
  constructor(
    readonly scenarioId: string,
    readonly reason: string,
    readonly context: RequestContext,
  ) {}
}

/** A scenario id derived from the command id, so that a re-sent save names the same scenario. */
export const scenarioIdFrom = (commandId: string): string => uuidFromSeed(`portfolio-scenario:${commandId}`);

/**
 * Saves a scenario. The facts (every candidate as it stands now, the strategic assessment) come
 * from the streams; the optimiser runs here when no selection is given; the decider computes
 * the figures and refuses a selection that breaks the scenario's own constraints.
 */
@CommandHandler(SavePortfolioScenarioCommand)
export class SavePortfolioScenarioHandler implements ICommandHandler<SavePortfolioScenarioCommand, CommandResult<PortfolioScenarioEvent> & { scenarioId: string }> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: PortfolioFacts,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(SELECTION_SOLVER) private readonly solver: SelectionSolver,
  ) {}

  async execute({ body, context }: SavePortfolioScenarioCommand): Promise<CommandResult<PortfolioScenarioEvent> & { scenarioId: string }> {
    const scenarioId = scenarioIdFrom(context.commandId);
    const reason = body.reason ?? '';
    const result = await this.runner.run({
      streamName: portfolioScenarioStreamName(scenarioId),
      decider: portfolioScenarioDecider,
      context: { ...context, ...(reason ? { reason } : {}) },
      command: async () => {
        const candidates = await this.facts.candidates();
        const { state: assessment } = await this.facts.assessment();
        await withFieldPaths('constraints.', () => validateConstraints(body.constraints, new Set(candidates.map((c) => c.caseId))));
        let selection = body.selection;
        let solver;
        if (selection === undefined) {
          const best = await withFieldPaths('constraints.', () => optimisePortfolio({ candidates, constraints: body.constraints, assessment }, this.solver));
          selection = best.selection;
          solver = best.solver;
        }
        return {
          type: 'SavePortfolioScenario' as const,
          data: {
            scenarioId,
            name: body.name,
            description: body.description,
            constraints: body.constraints,
            selection: selection ?? [],
            candidates,
            assessment,
            ...(solver ? { solver } : {}),
          },
          context: { actor: context.actor, now: this.clock.nowIso(), ...(reason ? { reason } : {}) },
        };
      },
    });
    await this.readModels.caughtUpTo(result.position);
    return { ...result, scenarioId };
  }
}

/**
 * Commits a scenario as the plan. Decided from the streams: the scenario as saved, and for each
 * of its cases the revision that counts now (a stale scenario is refused).
 */
@CommandHandler(CommitPortfolioPlanCommand)
export class CommitPortfolioPlanHandler implements ICommandHandler<CommitPortfolioPlanCommand, CommandResult<PortfolioPlanEvent>> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: PortfolioFacts,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  async execute({ scenarioId, reason, context }: CommitPortfolioPlanCommand): Promise<CommandResult<PortfolioPlanEvent>> {
    const result = await this.runner.run({
      streamName: PORTFOLIO_PLAN_STREAM,
      decider: portfolioPlanDecider,
      context: { ...context, reason },
      command: async () => {
        const saved = await this.facts.scenario(scenarioId);
        const scenario = saved.status === 'saved' ? saved.scenario : null;
        const currentCases = scenario ? await this.facts.currentCases(scenario.cases.map((c) => c.caseId)) : {};
        return {
          type: 'CommitPortfolioPlan' as const,
          data: { scenarioId, scenario, currentCases },
          context: { actor: context.actor, now: this.clock.nowIso(), reason },
        };
      },
    });
    await this.readModels.caughtUpTo(result.position);
    return result;
  }
}
