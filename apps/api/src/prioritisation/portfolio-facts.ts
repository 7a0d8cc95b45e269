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
import { AsOfService } from '../audit/as-of.service';
import type { AsOfPoint } from '@gevinst/audit';
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
 * The portfolio list (read model) only says which cases to read. Given an as-of point, every
 * read is as the log stood then (docs/audit.md).
 */
@Injectable()
export class PortfolioFacts {
  constructor(
    private readonly readModels: ReadModels,
    private readonly asOf: AsOfService,
  ) {}

  async candidates(point?: AsOfPoint): Promise<PortfolioCandidate[]> {
    const ids = (point ? await this.asOf.readerAt(point, ['business-cases']) : this.readModels.reader)
      .list<BusinessCaseSummary>('business-cases', 'cases')
      .map((e) => e.doc)
      .filter((c) => (CANDIDATE_STATUSES as readonly string[]).includes(c.status))
      .map((c) => c.caseId);
    const out: PortfolioCandidate[] = [];
    for (const caseId of ids) {
      const candidate = candidateFromCase(await this.caseState(caseId, point));
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

  async assessment(point?: AsOfPoint): Promise<{ state: StrategicAssessmentState; revision: bigint | null }> {
    const { state, revision } = await this.asOf.load(STRATEGIC_ASSESSMENT_STREAM, strategicAssessmentDecider, point);
    return { state, revision };
  }

  async plan(point?: AsOfPoint): Promise<PortfolioPlanState> {
    return (await this.asOf.load(PORTFOLIO_PLAN_STREAM, portfolioPlanDecider, point)).state;
  }

  async scenario(scenarioId: string, point?: AsOfPoint): Promise<PortfolioScenarioState> {
    return (await this.asOf.load(portfolioScenarioStreamName(scenarioId), portfolioScenarioDecider, point)).state;
  }

  private async caseState(caseId: string, point?: AsOfPoint): Promise<BusinessCaseState> {
    return (await this.asOf.load<BusinessCaseState, BusinessCaseEvent>(businessCaseStreamName(caseId), businessCaseDecider, point)).state;
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
