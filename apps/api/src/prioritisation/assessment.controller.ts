import { ENTITY_ID } from '../http/ids';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  activeCriteria,
  rankCandidates,
  STRATEGIC_ASSESSMENT_STREAM,
  strategicAssessmentDecider,
  type StrategicAssessmentCommand,
} from '@gevinst/domain';
import type { Role } from '@gevinst/domain';
import { Clock } from '../application/clock';
import { CommandRunner, type RequestContext } from '../application/command-runner';
import { AsOf, AsOfQueryDocs } from '../audit/as-of.params';
import { AsOfService } from '../audit/as-of.service';
import type { AsOfParams } from '@gevinst/audit';
import { Roles } from '../auth/auth.decorators';
import { NotFoundProblem } from '../http/problem';
import { CommandContext } from '../http/request-context';
import { PortfolioFacts } from './portfolio-facts';
import { DefineCriterionDto, RankingQuery, ReasonBodyDto, ScoreDto, SetWeightsDto } from './prioritisation.dto';

/** Who reads the prioritisation (scenarios, ranking, plan): municipality-wide, not department-scoped. */
export const PRIORITISATION_READERS: Role[] = ['finance', 'management', 'department-head', 'auditor', 'admin'];

const checkId = (what: string, id: string): void => {
  if (!ENTITY_ID.test(id)) throw new NotFoundProblem(`No ${what} ${id}`);
};

/**
 * Strategic criteria and weights (management), scores per case and criterion (finance,
 * management), and the ranking of the candidates. Stream `strategic-assessment`.
 */
@ApiTags('prioritisation')
@ApiBearerAuth()
@Controller('prioritisation')
export class AssessmentController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly facts: PortfolioFacts,
    private readonly clock: Clock,
    private readonly asOf: AsOfService,
  ) {}

  @Get('criteria')
  @Roles(...PRIORITISATION_READERS)
  @ApiOkResponse({ description: 'Every strategic criterion (active and retired) with its weight.' })
  @AsOfQueryDocs()
  async criteria(@AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    const { state, revision } = await this.facts.assessment(await this.asOf.point(asOf));
    return { etag: revision === null ? null : String(revision), criteria: Object.values(state.criteria) };
  }

  @Post('criteria')
  @Roles('management')
  @ApiOkResponse({ description: 'Defines a criterion with its weight (0–100).' })
  define(@Body() body: DefineCriterionDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    return this.run(
      { type: 'DefineStrategicCriterion', data: { criterionId: body.criterionId, name: body.name, description: body.description ?? '', weight: body.weight }, context: this.context(ctx, body.reason) },
      ctx,
      body.reason,
    );
  }

  @Put('criteria/weights')
  @Roles('management')
  @ApiOkResponse({ description: 'Sets the weights of the criteria named (the others keep theirs).' })
  setWeights(@Body() body: SetWeightsDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    const weights = Object.fromEntries(body.weights.map((w) => [w.criterionId, w.weight]));
    return this.run({ type: 'SetStrategicWeights', data: { weights }, context: this.context(ctx, body.reason) }, ctx, body.reason);
  }

  @Post('criteria/:criterionId/retire')
  @HttpCode(200)
  @Roles('management')
  retire(@Param('criterionId') criterionId: string, @Body() body: ReasonBodyDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('criterion', criterionId);
    return this.run({ type: 'RetireStrategicCriterion', data: { criterionId }, context: this.context(ctx, body.reason) }, ctx, body.reason);
  }

  @Put('scores/:caseId/:criterionId')
  @Roles('finance', 'management')
  @ApiOkResponse({ description: 'Scores a case 0–5 on a criterion, with a reason.' })
  async score(@Param('caseId') caseId: string, @Param('criterionId') criterionId: string, @Body() body: ScoreDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('business case', caseId);
    checkId('criterion', criterionId);
    const caseExists = await this.facts.caseExists(caseId);
    return this.run({ type: 'ScoreCase', data: { caseId, criterionId, score: body.score, caseExists }, context: this.context(ctx, body.reason) }, ctx, body.reason);
  }

  @Get('ranking')
  @Roles(...PRIORITISATION_READERS)
  @ApiOkResponse({
    description:
      'The candidates (submitted or approved, not closed) with NPV, benefit/cost ratio, payback, budget-effective savings a year and the weighted score, ranked under each; ordered by sortBy.',
  })
  async ranking(@Query() query: RankingQuery): Promise<Record<string, unknown>> {
    const point = await this.asOf.point(query);
    const [candidates, { state }] = await Promise.all([this.facts.candidates(point), this.facts.assessment(point)]);
    const sortBy = query.sortBy ?? 'npv';
    return { sortBy, criteria: activeCriteria(state), items: rankCandidates(candidates, state, sortBy) };
  }

  private context(ctx: RequestContext, reason: string): StrategicAssessmentCommand['context'] {
    return { actor: ctx.actor, now: this.clock.nowIso(), reason };
  }

  private async run(command: StrategicAssessmentCommand, ctx: RequestContext, reason: string): Promise<Record<string, unknown>> {
    const result = await this.runner.run({ streamName: STRATEGIC_ASSESSMENT_STREAM, decider: strategicAssessmentDecider, command, context: { ...ctx, reason } });
    return { etag: result.revision === null ? null : String(result.revision), duplicate: result.duplicate, events: result.events.map((e) => e.type) };
  }
}
