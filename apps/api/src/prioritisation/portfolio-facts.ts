import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  businessCaseDecider,
  businessCaseStreamName,
  candidateFromCase,
  candidateRevision,
  CANDIDATE_STATUSES,
  InvalidInput,
  PORTFOLIO_PLAN_STREAM,
  portfolioPlanDecider,
  portfolioScenarioDecider,
  portfolioScenarioStreamName,
  STRATEGIC_ASSESSMENT_STREAM,
  strategicAssessmentDecider,
  type BusinessCaseEvent,
  type BusinessCaseState,
  type CurrentCaseFacts,
  type PortfolioCandidate,
  type PortfolioPlanState,
  type PortfolioScenarioState,
  type SelectionSolver,
  type StrategicAssessmentState,
} from '@gevinst/domain';
import type { BusinessCaseSummary } from '@gevinst/read-models';
import { CommandRunner } from '../application/command-runner';
import { ValidationProblem } from '../http/problem';
import { ReadModels } from '../read-models/read-models';

/** The solver behind the domain's port (HiGHS in worker threads). */
export const SELECTION_SOLVER = Symbol('SELECTION_SOLVER');

/** Closes the solver's worker threads when the app shuts down. */
@Injectable()
export class SolverCloser implements OnApplicationShutdown {
  constructor(@Inject(SELECTION_SOLVER) private readonly solver: SelectionSolver & { close?: () => Promise<void> }) {}
  async onApplicationShutdown(): Promise<void> {
    await this.solver.close?.();
  }
}

/**
 * The facts the prioritisation works on, read from the streams: the candidates (each from its
 * case's stream, with the revision that counts), the strategic assessment, the plan, a scenario.
 * The portfolio list (read model) only says which cases to read.
 */
@Injectable()
export class PortfolioFacts {
  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
  ) {}

  async candidates(): Promise<PortfolioCandidate[]> {
    const ids = this.readModels.reader
      .list<BusinessCaseSummary>('business-cases', 'cases')
      .map((e) => e.doc)
      .filter((c) => (CANDIDATE_STATUSES as readonly string[]).includes(c.status))
      .map((c) => c.caseId);
    const out: PortfolioCandidate[] = [];
    for (const caseId of ids) {
      const candidate = candidateFromCase(await this.caseState(caseId));
      if (candidate) out.push(candidate);
    }
    return out.sort((a, b) => (a.caseId < b.caseId ? -1 : 1));
  }

  /** For each case: its status and the revision that counts now (null: no longer a candidate). */
  async currentCases(caseIds: readonly string[]): Promise<CurrentCaseFacts> {
    const facts: CurrentCaseFacts = {};
    for (const caseId of caseIds) {
      const state = await this.caseState(caseId);
      facts[caseId] = { status: state.status, revision: candidateRevision(state)?.revision ?? null };
    }
    return facts;
  }

  async caseExists(caseId: string): Promise<boolean> {
    return (await this.caseState(caseId)).status !== 'empty';
  }

  async assessment(): Promise<{ state: StrategicAssessmentState; revision: bigint | null }> {
    const { state, revision } = await this.runner.load(STRATEGIC_ASSESSMENT_STREAM, strategicAssessmentDecider);
    return { state, revision };
  }

  async plan(): Promise<PortfolioPlanState> {
    return (await this.runner.load(PORTFOLIO_PLAN_STREAM, portfolioPlanDecider)).state;
  }

  async scenario(scenarioId: string): Promise<PortfolioScenarioState> {
    return (await this.runner.load(portfolioScenarioStreamName(scenarioId), portfolioScenarioDecider)).state;
  }

  private async caseState(caseId: string): Promise<BusinessCaseState> {
    return (await this.runner.load<BusinessCaseState, BusinessCaseEvent>(businessCaseStreamName(caseId), businessCaseDecider)).state;
  }
}

/**
 * Runs a domain computation and turns its InvalidInput into a 400 naming every field, with
 * the path into the request body (`constraints.forcedIn[0].caseId`).
 */
export async function withFieldPaths<T>(prefix: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InvalidInput) {
      const errors = (error.details?.['errors'] as { field: string; message: string }[] | undefined) ?? [{ field: error.field ?? '', message: error.message }];
      throw new ValidationProblem(
        errors.map((e) => ({ name: `${prefix}${e.field}`, reason: e.message })),
        'The constraints are not valid',
      );
    }
    throw error;
  }
}
