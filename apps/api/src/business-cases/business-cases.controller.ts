import { ENTITY_ID } from '../http/ids';
import { uuidFromSeed } from '../application/derived-id';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  businessCaseDecider,
  businessCaseStreamName,
  diffRevisions,
  revisionContent,
  type BusinessCaseCommand,
  type BusinessCaseContent,
  type BusinessCaseEvent,
  type BusinessCaseState,
  type ExistingBusinessCase,
} from '@gevinst/domain';
import { caseView, economicsView, type BusinessCaseSummary } from '@gevinst/read-models';
import type { AuthenticatedActor } from '@gevinst/platform';
import { Clock } from '../application/clock';
import type { CommandResult, RequestContext } from '../application/command-runner';
import { AsOf, AsOfQueryDocs } from '../audit/as-of.params';
import { AsOfService } from '../audit/as-of.service';
import type { AsOfParams } from '@gevinst/audit';
import { ANY_ROLE, CurrentActor, Roles } from '../auth/auth.decorators';
import { canSeeDepartment, isScoped } from '../auth/scope';
import { ForbiddenProblem, NotFoundProblem, ValidationProblem } from '../http/problem';
import { CommandContext, parseIfMatch } from '../http/request-context';
import { CachedResponse } from '../http/response-cache';
import { BusinessCaseContentDto, ListBusinessCasesQuery, ReasonDto, ReviewDto } from './business-case.dto';
import { ExecuteBusinessCaseCommand } from './business-case.handler';
import type { HeaderSink, RawResponse } from '../http/raw-response';
import { comparePortfolio, page, PortfolioList, visibleTo, type PortfolioListBody, type PortfolioListQuery } from './portfolio-list';

/**
 * Business cases: create and revise (complete revisions, with a reason), the lifecycle
 * (submit → approve / reject / return → implementation → operation → closed), and the reads:
 * current state, one revision, economics, the diff of two revisions, the portfolio list.
 */
@ApiTags('business-cases')
@ApiBearerAuth()
@Controller('business-cases')
export class BusinessCasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly asOf: AsOfService,
    private readonly portfolio: PortfolioList,
  ) {}

  @Post()
  @Roles('case-author')
  @ApiOkResponse({ description: 'The case is created with revision 1 (status draft).' })
  async create(@Body() body: BusinessCaseContentDto, @CommandContext() ctx: RequestContext, @Res({ passthrough: true }) res: HeaderSink): Promise<Record<string, unknown>> {
    // A re-sent create (same Idempotency-Key) must land on the same case id.
    const caseId = uuidFrom(ctx.commandId);
    const { reason, content } = splitContent(body);
    const result = await this.execute({ type: 'DraftBusinessCase', data: { caseId, content }, context: context(ctx, reason) }, ctx);
    res.setHeader('Location', `/api/business-cases/${caseId}`);
    return this.answer(caseId, result, res);
  }

  @Post(':caseId/revisions')
  @HttpCode(200)
  @Roles('case-author')
  @ApiOkResponse({ description: 'A complete new revision. Send If-Match with the ETag you read; 409 if someone changed the case first.' })
  async revise(
    @Param('caseId') caseId: string,
    @Body() body: BusinessCaseContentDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CommandContext() ctx: RequestContext,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<Record<string, unknown>> {
    checkId(caseId);
    const { reason, content } = splitContent(body);
    const result = await this.execute({ type: 'ReviseBusinessCase', data: { caseId, content }, context: context(ctx, reason) }, ctx, parseIfMatch(ifMatch));
    return this.answer(caseId, result, res);
  }

  @Post(':caseId/submit')
  @HttpCode(200)
  @Roles('case-author')
  async submit(@Param('caseId') caseId: string, @Body() body: ReasonDto, @Headers('if-match') ifMatch: string | undefined, @CommandContext() ctx: RequestContext, @Res({ passthrough: true }) res: HeaderSink): Promise<Record<string, unknown>> {
    checkId(caseId);
    return this.answer(caseId, await this.execute({ type: 'SubmitBusinessCase', data: { caseId }, context: context(ctx, body.reason) }, ctx, parseIfMatch(ifMatch)), res);
  }

  @Post(':caseId/approve')
  @HttpCode(200)
  @Roles('finance', 'management')
  async approve(@Param('caseId') caseId: string, @Body() body: ReviewDto, @Headers('if-match') ifMatch: string | undefined, @CommandContext() ctx: RequestContext, @Res({ passthrough: true }) res: HeaderSink): Promise<Record<string, unknown>> {
    checkId(caseId);
    return this.answer(caseId, await this.execute({ type: 'ApproveBusinessCase', data: { caseId, revision: body.revision }, context: context(ctx, body.reason) }, ctx, parseIfMatch(ifMatch)), res);
  }

  @Post(':caseId/reject')
  @HttpCode(200)
  @Roles('finance', 'management')
  async reject(@Param('caseId') caseId: string, @Body() body: ReviewDto, @Headers('if-match') ifMatch: string | undefined, @CommandContext() ctx: RequestContext, @Res({ passthrough: true }) res: HeaderSink): Promise<Record<string, unknown>> {
    checkId(caseId);
    return this.answer(caseId, await this.execute({ type: 'RejectBusinessCase', data: { caseId, revision: body.revision }, context: context(ctx, body.reason) }, ctx, parseIfMatch(ifMatch)), res);
  }

  @Post(':caseId/return')
  @HttpCode(200)
  @Roles('finance', 'management')
  async returnForRevision(@Param('caseId') caseId: string, @Body() body: ReviewDto, @Headers('if-match') ifMatch: string | undefined, @CommandContext() ctx: RequestContext, @Res({ passthrough: true }) res: HeaderSink): Promise<Record<string, unknown>> {
    checkId(caseId);
    return this.answer(caseId, await this.execute({ type: 'ReturnBusinessCaseForRevision', data: { caseId, revision: body.revision }, context: context(ctx, body.reason) }, ctx, parseIfMatch(ifMatch)), res);
  }

  @Post(':caseId/start-implementation')
  @HttpCode(200)
  @Roles('case-author', 'finance', 'management')
  async startImplementation(@Param('caseId') caseId: string, @Body() body: ReasonDto, @Headers('if-match') ifMatch: string | undefined, @CommandContext() ctx: RequestContext, @Res({ passthrough: true }) res: HeaderSink): Promise<Record<string, unknown>> {
    checkId(caseId);
    return this.answer(caseId, await this.execute({ type: 'StartBusinessCaseImplementation', data: { caseId }, context: context(ctx, body.reason) }, ctx, parseIfMatch(ifMatch)), res);
  }

  @Post(':caseId/go-live')
  @HttpCode(200)
  @Roles('case-author', 'finance', 'management')
  async goLive(@Param('caseId') caseId: string, @Body() body: ReasonDto, @Headers('if-match') ifMatch: string | undefined, @CommandContext() ctx: RequestContext, @Res({ passthrough: true }) res: HeaderSink): Promise<Record<string, unknown>> {
    checkId(caseId);
    return this.answer(caseId, await this.execute({ type: 'TakeBusinessCaseLive', data: { caseId }, context: context(ctx, body.reason) }, ctx, parseIfMatch(ifMatch)), res);
  }

  @Post(':caseId/close')
  @HttpCode(200)
  @Roles('case-author', 'finance', 'management')
  async close(@Param('caseId') caseId: string, @Body() body: ReasonDto, @Headers('if-match') ifMatch: string | undefined, @CommandContext() ctx: RequestContext, @Res({ passthrough: true }) res: HeaderSink): Promise<Record<string, unknown>> {
    checkId(caseId);
    return this.answer(caseId, await this.execute({ type: 'CloseBusinessCase', data: { caseId }, context: context(ctx, body.reason) }, ctx, parseIfMatch(ifMatch)), res);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @CachedResponse({ per: 'scope', sources: () => ({ documents: [{ projection: 'business-cases', collection: 'cases' }] }) })
  @ApiOkResponse({ description: 'The portfolio: one summary per case, in the order they were created, filtered by status and department. Case authors and department heads see their departments only. Every case unless `limit` is given; then `next` is the cursor (`after`) of the next page.' })
  async list(@Query() query: ListBusinessCasesQuery, @CurrentActor() actor: AuthenticatedActor, @Res() res: RawResponse): Promise<void> {
    const wanted: PortfolioListQuery = { status: query.status, department: query.department, limit: query.limit === undefined ? undefined : Number(query.limit), after: query.after };
    const point = await this.asOf.point(query);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (!point) {
      // The live list: served from memory, refreshed per changed case.
      const { body, etag } = this.portfolio.body(actor, wanted);
      res.setHeader('ETag', etag);
      res.send(body);
      return;
    }
    const reader = await this.asOf.readerAt(point, ['business-cases']);
    const ordered = reader
      .list<BusinessCaseSummary>('business-cases', 'cases')
      .map((e) => ({ summary: e.doc }))
      .filter(visibleTo(actor, wanted))
      .sort((a, b) => comparePortfolio(a.summary, b.summary));
    const { entries, next } = page(ordered, wanted, (caseId) => {
      const summary = reader.get<BusinessCaseSummary>('business-cases', 'cases', caseId);
      return summary && { summary };
    });
    const answer: PortfolioListBody = { items: entries.map((e) => e.summary), ...(wanted.limit !== undefined ? { next } : {}) };
    res.send(Buffer.from(JSON.stringify(answer)));
  }

  @Get(':caseId')
  @Roles(...ANY_ROLE)
  @CachedResponse({ per: 'scope', sources: (p) => ({ streams: [businessCaseStreamName(p['caseId']!)] }) })
  @ApiOkResponse({ description: 'The case now: status, revisions, approvals, history and current content. ETag = stream revision.' })
  @AsOfQueryDocs()
  async get(@Param('caseId') caseId: string, @CurrentActor() actor: AuthenticatedActor, @Res({ passthrough: true }) res: HeaderSink, @AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    const { state, revision } = await this.loadVisible(caseId, actor, asOf);
    if (revision !== null) res.setHeader('ETag', `"${String(revision)}"`);
    return caseView(state, revision);
  }

  @Get(':caseId/revisions/:revision')
  @Roles(...ANY_ROLE)
  @AsOfQueryDocs()
  async getRevision(@Param('caseId') caseId: string, @Param('revision', ParseIntPipe) revision: number, @CurrentActor() actor: AuthenticatedActor, @AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    const { state } = await this.loadVisible(caseId, actor, asOf);
    const record = state.revisions[revision - 1];
    if (!record) throw new NotFoundProblem(`Case ${caseId} has no revision ${revision}`);
    return { ...record, approved: state.approvals.some((a) => a.revision === revision) };
  }

  @Get(':caseId/revisions/:revision/economics')
  @Roles(...ANY_ROLE)
  @CachedResponse({ per: 'scope', sources: (p) => ({ streams: [businessCaseStreamName(p['caseId']!)] }) })
  @ApiOkResponse({ description: 'Costs and benefits per year, net, cumulative net, NPV at the rate in force on the revision, payback, benefit/cost ratio and sensitivity.' })
  @AsOfQueryDocs()
  async economics(@Param('caseId') caseId: string, @Param('revision', ParseIntPipe) revision: number, @CurrentActor() actor: AuthenticatedActor, @AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    const { state } = await this.loadVisible(caseId, actor, asOf);
    const content = revisionContent(state, revision);
    if (!content) throw new NotFoundProblem(`Case ${caseId} has no revision ${revision}`);
    return economicsView(content, revision);
  }

  @Get(':caseId/diff')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ description: 'What changed between two revisions (before → after) and what it did to NPV, payback and budget-effective benefits per department and year.' })
  @AsOfQueryDocs()
  async diff(@Param('caseId') caseId: string, @Query('from') from: string | undefined, @Query('to') to: string | undefined, @CurrentActor() actor: AuthenticatedActor, @AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    const { state } = await this.loadVisible(caseId, actor, asOf);
    const fromN = parseRevision('from', from);
    const toN = parseRevision('to', to);
    const a = revisionContent(state, fromN);
    const b = revisionContent(state, toN);
    if (!a || !b) throw new NotFoundProblem(`Case ${caseId} has no revision ${!a ? fromN : toN}`);
    return { caseId, from: fromN, to: toN, diff: diffRevisions(a, b) };
  }

  private async execute(command: BusinessCaseCommand, ctx: RequestContext, expectedRevision?: bigint): Promise<CommandResult<BusinessCaseEvent>> {
    const stamped = { ...command, context: { ...command.context, now: this.clock.nowIso() } } as BusinessCaseCommand;
    return this.commands.execute<ExecuteBusinessCaseCommand, CommandResult<BusinessCaseEvent>>(new ExecuteBusinessCaseCommand(stamped, ctx, expectedRevision));
  }

  private answer(caseId: string, result: CommandResult<BusinessCaseEvent>, res: HeaderSink): Record<string, unknown> {
    if (result.revision !== null) res.setHeader('ETag', `"${String(result.revision)}"`);
    return {
      caseId,
      etag: result.revision === null ? null : String(result.revision),
      position: result.position === null ? null : String(result.position),
      duplicate: result.duplicate,
      events: result.events.map((e) => e.type),
    };
  }

  private async loadVisible(caseId: string, actor: AuthenticatedActor, asOf?: AsOfParams): Promise<{ state: ExistingBusinessCase; revision: bigint | null }> {
    checkId(caseId);
    const { state, revision } = await this.asOf.load<BusinessCaseState, BusinessCaseEvent>(businessCaseStreamName(caseId), businessCaseDecider, asOf);
    if (state.status === 'empty') throw new NotFoundProblem(`No business case ${caseId}`);
    const departments = new Set([state.current.owningDepartmentId, ...state.current.benefitLines.map((l) => l.departmentId)]);
    if (isScoped(actor) && ![...departments].some((d) => canSeeDepartment(actor, d))) {
      throw new ForbiddenProblem('You may only see business cases of your own department');
    }
    return { state, revision };
  }
}

const context = (ctx: RequestContext, reason: string): BusinessCaseCommand['context'] => ({ actor: ctx.actor, now: new Date().toISOString(), reason });

function splitContent(body: BusinessCaseContentDto): { reason: string; content: BusinessCaseContent } {
  const { reason, ...rest } = JSON.parse(JSON.stringify(body)) as BusinessCaseContentDto;
  // The rate is stamped by the handler from the municipality's setting.
  return { reason, content: { ...(rest as unknown as Omit<BusinessCaseContent, 'discountRatePct'>), discountRatePct: 0 } };
}

function checkId(caseId: string): void {
  if (!ENTITY_ID.test(caseId)) throw new NotFoundProblem(`No business case ${caseId}`);
}

function parseRevision(name: string, value: string | undefined): number {
  if (value === undefined || !/^\d{1,6}$/.test(value) || Number(value) < 1) {
    throw new ValidationProblem([{ name, reason: `${name} must be a revision number (1, 2, ...)` }]);
  }
  return Number(value);
}

/** A uuid derived from the command id, so that a re-sent create names the same case. */
const uuidFrom = (commandId: string): string => uuidFromSeed(`business-case:${commandId}`);
