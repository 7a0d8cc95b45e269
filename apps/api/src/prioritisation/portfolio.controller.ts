import { ENTITY_ID } from '../http/ids';
import { DomainError } from '@gevinst/domain';
import { ProblemError } from '../http/problem';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  compareScenarios,
  optimisePortfolio,
  PORTFOLIO_PLAN_STREAM,
  portfolioFrontier,
  portfolioPlanDecider,
  RuleViolated,
  topDownCheck,
  type PortfolioCandidate,
  type PortfolioPlanEvent,
  type PortfolioScenarioEvent,
  type ScenarioData,
  type SelectionSolver,
} from '@gevinst/domain';
import { Clock } from '../application/clock';
import { CommandRunner, type CommandResult, type RequestContext } from '../application/command-runner';
import { AsOf, AsOfQueryDocs } from '../audit/as-of.params';
import { AsOfService } from '../audit/as-of.service';
import type { AsOfParams, AsOfPoint } from '@gevinst/audit';
import { Roles } from '../auth/auth.decorators';
import { NotFoundProblem, ValidationProblem } from '../http/problem';
import { CommandContext } from '../http/request-context';
import { PRIORITISATION_READERS } from './assessment.controller';
import { PortfolioFacts, SELECTION_SOLVER, withFieldPaths } from './portfolio-facts';
import type { CurrentPlanDoc, ScenarioSummary } from '@gevinst/read-models';
import { CommitPortfolioPlanCommand, SavePortfolioScenarioCommand } from './prioritisation.handlers';
import { CompareQuery, ConstraintsDto, FrontierDto, ReasonBodyDto, SaveScenarioDto, SetTargetDto, toConstraints, TopDownQuery } from './prioritisation.dto';
import type { HeaderSink } from '../http/raw-response';

const brief = (c: PortfolioCandidate) => ({ caseId: c.caseId, title: c.title, status: c.status, revision: c.revision, owningDepartmentId: c.owningDepartmentId, npv: c.npv, savingsPerYear: c.savingsPerYear, totalInvestment: c.totalInvestment });

/**
 * Selection under constraints (HiGHS), the efficient frontier, scenarios (saved as events,
 * compared), the committed plan and the top-down check against the savings target.
 */
@ApiTags('prioritisation')
@ApiBearerAuth()
@Controller('prioritisation')
export class PortfolioController {
  constructor(
    private readonly commands: CommandBus,
    private readonly runner: CommandRunner,
    private readonly facts: PortfolioFacts,
    private readonly clock: Clock,
    @Inject(SELECTION_SOLVER) private readonly solver: SelectionSolver,
    private readonly asOf: AsOfService,
  ) {}

  @Post('optimise')
  @HttpCode(200)
  @Roles('finance', 'management')
  @ApiOkResponse({
    description:
      'The best selection of candidates under the constraints (maximum NPV or weighted score), with its figures, the use of each constraint and whether the solver proved it optimal. 422 naming the constraint when the constraints cannot all hold.',
  })
  async optimise(@Body() body: ConstraintsDto): Promise<Record<string, unknown>> {
    const [candidates, { state: assessment }] = await Promise.all([this.facts.candidates(), this.facts.assessment()]);
    const result = await withFieldPaths('', () => optimisePortfolio({ candidates, constraints: toConstraints(body), assessment }, this.solver));
    const chosen = new Set(result.selection);
    return { ...result, cases: candidates.filter((c) => chosen.has(c.caseId)).map(brief) };
  }

  @Post('frontier')
  @HttpCode(200)
  @Roles('finance', 'management')
  @ApiOkResponse({ description: 'The efficient frontier: the optimal NPV (or weighted score) at a series of investment budgets, for a chart.' })
  async frontier(@Body() body: FrontierDto): Promise<Record<string, unknown>> {
    const [candidates, { state: assessment }] = await Promise.all([this.facts.candidates(), this.facts.assessment()]);
    try {
      return { ...(await withFieldPaths('constraints.', () => portfolioFrontier({ candidates, constraints: toConstraints(body.constraints), assessment }, this.solver, body.points ?? 20))) };
    } catch (error) {
      if (error instanceof DomainError || error instanceof ProblemError) throw error;
      // e.g. no yearly budget to scale or no candidate: say so instead of a 500.
      throw new RuleViolated('frontier-not-computable', `The frontier cannot be computed for these constraints: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  @Post('scenarios')
  @Roles('finance', 'management')
  @ApiOkResponse({ description: 'Saves a named scenario: constraints and a selection (by hand, or the optimiser’s when none is given), with its figures.' })
  async saveScenario(@Body() body: SaveScenarioDto, @CommandContext() ctx: RequestContext, @Res({ passthrough: true }) res: HeaderSink): Promise<Record<string, unknown>> {
    const result = await this.commands.execute<SavePortfolioScenarioCommand, CommandResult<PortfolioScenarioEvent> & { scenarioId: string }>(
      new SavePortfolioScenarioCommand(
        { name: body.name, description: body.description ?? '', constraints: toConstraints(body.constraints), ...(body.selection ? { selection: body.selection } : {}), ...(body.reason ? { reason: body.reason } : {}) },
        { ...ctx, ...(body.reason ? { reason: body.reason } : {}) },
      ),
    );
    res.setHeader('Location', `/api/prioritisation/scenarios/${result.scenarioId}`);
    const saved = result.events.find((e) => e.type === 'PortfolioScenarioSaved');
    return { scenarioId: result.scenarioId, duplicate: result.duplicate, ...(saved ? { scenario: saved.data } : {}) };
  }

  @Get('scenarios')
  @Roles(...PRIORITISATION_READERS)
  @ApiOkResponse({ description: 'Every saved scenario (newest first), and which one is the plan.' })
  @AsOfQueryDocs()
  async scenarios(@AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    const reader = await this.asOf.reader(asOf, ['portfolio-scenarios']);
    const items = reader
      .list<ScenarioSummary>('portfolio-scenarios', 'scenarios')
      .map((e) => e.doc)
      .sort((a, b) => b.at.localeCompare(a.at) || a.scenarioId.localeCompare(b.scenarioId));
    return { items, plan: reader.get<CurrentPlanDoc>('portfolio-scenarios', 'plan', 'current') ?? null };
  }

  @Get('scenarios/compare')
  @Roles(...PRIORITISATION_READERS)
  @ApiOkResponse({ description: 'Two scenarios side by side: which cases differ, NPV, savings, investment and staff hours per year (delta = b − a).' })
  async compare(@Query() query: CompareQuery): Promise<Record<string, unknown>> {
    const point = await this.asOf.point(query);
    const [a, b] = await Promise.all([this.loadScenario(query.a, point), this.loadScenario(query.b, point)]);
    return { ...compareScenarios(a, b) };
  }

  @Get('scenarios/:scenarioId')
  @Roles(...PRIORITISATION_READERS)
  @AsOfQueryDocs()
  async scenario(@Param('scenarioId') scenarioId: string, @AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    return { ...(await this.loadScenario(scenarioId, await this.asOf.point(asOf))) };
  }

  @Post('scenarios/:scenarioId/commit')
  @HttpCode(200)
  @Roles('management')
  @ApiOkResponse({ description: 'Commits the scenario as the municipality’s plan (management only); 422 when its numbers no longer hold.' })
  async commit(@Param('scenarioId') scenarioId: string, @Body() body: ReasonBodyDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    if (!ENTITY_ID.test(scenarioId)) throw new NotFoundProblem(`No scenario ${scenarioId}`);
    const result = await this.commands.execute<CommitPortfolioPlanCommand, CommandResult<PortfolioPlanEvent>>(new CommitPortfolioPlanCommand(scenarioId, body.reason, { ...ctx, reason: body.reason }));
    const plan = await this.facts.plan();
    return { scenarioId, duplicate: result.duplicate, events: result.events.map((e) => e.type), version: plan.plan?.version ?? null };
  }

  @Get('plan')
  @Roles(...PRIORITISATION_READERS)
  @ApiOkResponse({ description: 'The committed plan (its cases and figures), every commitment, and the savings target.' })
  @AsOfQueryDocs()
  async plan(@AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    return { ...(await this.facts.plan(await this.asOf.point(asOf))) };
  }

  @Put('target')
  @Roles('management')
  @ApiOkResponse({ description: 'Sets the savings target: budget-effective savings a year from fromYear to toYear (e.g. 28 million kr).' })
  async setTarget(@Body() body: SetTargetDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    const result = await this.runner.run({
      streamName: PORTFOLIO_PLAN_STREAM,
      decider: portfolioPlanDecider,
      command: { type: 'SetSavingsTarget', data: { amountPerYear: body.amountPerYear, fromYear: body.fromYear, toYear: body.toYear }, context: { actor: ctx.actor, now: this.clock.nowIso(), reason: body.reason } },
      context: { ...ctx, reason: body.reason },
    });
    return { duplicate: result.duplicate, events: result.events.map((e) => e.type) };
  }

  @Get('top-down-check')
  @Roles(...PRIORITISATION_READERS)
  @ApiOkResponse({ description: 'The target (the one set, or one given in the query) against the committed plan’s budget-effective savings per year, with the shortfall.' })
  async topDown(@Query() query: TopDownQuery): Promise<Record<string, unknown>> {
    const state = await this.facts.plan(await this.asOf.point(query));
    const given = query.amountPerYear !== undefined || query.fromYear !== undefined || query.toYear !== undefined;
    let target = state.target;
    if (given) {
      const missing = (['amountPerYear', 'fromYear', 'toYear'] as const).filter((k) => query[k] === undefined);
      if (missing.length > 0) throw new ValidationProblem(missing.map((name) => ({ name, reason: `${name} is needed with a target of your own` })));
      if (query.toYear! < query.fromYear! || query.toYear! - query.fromYear! >= 35) throw new ValidationProblem([{ name: 'toYear', reason: 'toYear must be fromYear … fromYear + 34' }]);
      target = { amountPerYear: query.amountPerYear!, fromYear: query.fromYear!, toYear: query.toYear! };
    }
    if (!target) throw new RuleViolated('no-savings-target', 'No savings target is set: management sets one, or give amountPerYear, fromYear and toYear');
    return { ...topDownCheck(target, state.plan), targetSource: given ? 'query' : 'set' };
  }

  private async loadScenario(scenarioId: string, point?: AsOfPoint): Promise<ScenarioData> {
    if (!ENTITY_ID.test(scenarioId)) throw new NotFoundProblem(`No scenario ${scenarioId}`);
    const state = await this.facts.scenario(scenarioId, point);
    if (state.status !== 'saved') throw new NotFoundProblem(`No scenario ${scenarioId}`);
    return state.scenario;
  }
}
