import { Module } from '@nestjs/common';
import { HighsWorkerPool } from '@gevinst/optimisation';
import { AssessmentController } from './assessment.controller';
import { PortfolioController } from './portfolio.controller';
import { PortfolioFacts, SELECTION_SOLVER, SolverCloser } from './portfolio-facts';
import { CommitPortfolioPlanHandler, SavePortfolioScenarioHandler } from './prioritisation.handlers';

/**
 * Portfolio prioritisation: criteria and scores, ranking, selection under constraints with
 * HiGHS (in worker threads: a solve never blocks the event loop), the efficient frontier,
 * scenarios, the committed plan and the top-down check.
 */
@Module({
  controllers: [AssessmentController, PortfolioController],
  providers: [
    PortfolioFacts,
    { provide: SELECTION_SOLVER, useFactory: () => HighsWorkerPool.start({ workers: 2 }) },
    SolverCloser,
    SavePortfolioScenarioHandler,
    CommitPortfolioPlanHandler,
  ],
})
export class PrioritisationModule {}
