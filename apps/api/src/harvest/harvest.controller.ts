import { PATH_ID } from '../http/ids';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import {
  budgetCutDecider,
  budgetCutsOf,
  budgetCutStreamName,
  RETAINED_SHARE_POLICY_STREAM,
  retainedShareInForce,
  retainedSharePolicyDecider,
  type BudgetCutCommand,
  type BudgetCutEvent,
  type RetainedSharePolicyCommand,
} from '@gevinst/domain';
import { departmentLedgerJson, ledgerDocuments, municipalitySummary, type CutRecord, type LedgerHeader } from '@gevinst/read-models';
import type { AuthenticatedActor } from '@gevinst/platform';
import { Clock } from '../application/clock';
import { CommandRunner, type CommandResult, type RequestContext } from '../application/command-runner';
import { AsOf, AsOfQueryDocs, AsOfQueryDto } from '../audit/as-of.params';
import { AsOfService } from '../audit/as-of.service';
import type { AsOfParams } from '@gevinst/audit';
import { ANY_ROLE, CurrentActor, READ_ALL, Roles } from '../auth/auth.decorators';
import { assertDepartmentScope, isScoped } from '../auth/scope';
import { NotFoundProblem } from '../http/problem';
import type { RawResponse } from '../http/raw-response';
import { CommandContext } from '../http/request-context';
import { CachedResponse } from '../http/response-cache';
import { ReadModels } from '../read-models/read-models';
import { ClearRetainedShareDto, OptionalReasonDto, ProposeBudgetCutDto, RequiredReasonDto, RetainedShareDto } from './harvest.dto';
import { ProposeBudgetCutCommand } from './propose-budget-cut.handler';

const checkId = (what: string, id: string): void => {
  if (!PATH_ID.test(id)) throw new NotFoundProblem(`No ${what} ${id}`);
};
const now = (): string => new Date().toISOString();

/**
 * Budget cuts: finance proposes (the amount follows from the approved revision and the
 * retained share in force), finance or management approves — never the proposer — finance
 * books and may reverse. Cuts of a case live on its harvest stream `harvest-<caseId>`.
 */
@ApiTags('budget-cuts')
@ApiBearerAuth()
@Controller('business-cases/:caseId/budget-cuts')
export class CaseBudgetCutsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    private readonly asOf: AsOfService,
  ) {}

  @Post()
  @Roles('finance')
  @ApiOkResponse({ description: 'Proposes a cut: gross, retained share, cut; 422 if the case is not approved or the cut would run ahead of the savings without an override.' })
  async propose(@Param('caseId') caseId: string, @Body() body: ProposeBudgetCutDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('business case', caseId);
    const result = await this.commands.execute<ProposeBudgetCutCommand, CommandResult<BudgetCutEvent> & { cutId: string }>(new ProposeBudgetCutCommand(caseId, body, { ...ctx, ...(body.reason ? { reason: body.reason } : {}) }));
    const proposed = result.events.find((e) => e.type === 'BudgetCutProposed');
    return { cutId: result.cutId, duplicate: result.duplicate, ...(proposed ? { cut: proposed.data } : {}) };
  }

  @Get()
  @Roles(...ANY_ROLE)
  @CachedResponse({ per: 'scope', sources: (p) => ({ streams: [budgetCutStreamName(p['caseId']!)] }) })
  @AsOfQueryDocs()
  async list(@Param('caseId') caseId: string, @CurrentActor() actor: AuthenticatedActor, @AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    checkId('business case', caseId);
    const { state, revision } = await this.asOf.load(budgetCutStreamName(caseId), budgetCutDecider, asOf);
    const cuts = budgetCutsOf(state).filter((c) => !isScoped(actor) || actor.departments.includes(c.departmentId));
    return { caseId, etag: revision === null ? null : String(revision), items: cuts };
  }

  @Post(':cutId/approve')
  @HttpCode(200)
  @Roles('finance', 'management')
  approve(@Param('caseId') caseId: string, @Param('cutId') cutId: string, @Body() body: OptionalReasonDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    return this.transition(caseId, cutId, 'ApproveBudgetCut', body.reason, ctx);
  }

  @Post(':cutId/reject')
  @HttpCode(200)
  @Roles('finance', 'management')
  reject(@Param('caseId') caseId: string, @Param('cutId') cutId: string, @Body() body: RequiredReasonDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    return this.transition(caseId, cutId, 'RejectBudgetCut', body.reason, ctx);
  }

  @Post(':cutId/book')
  @HttpCode(200)
  @Roles('finance')
  book(@Param('caseId') caseId: string, @Param('cutId') cutId: string, @Body() body: OptionalReasonDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    return this.transition(caseId, cutId, 'BookBudgetCut', body.reason, ctx);
  }

  @Post(':cutId/reverse')
  @HttpCode(200)
  @Roles('finance')
  reverse(@Param('caseId') caseId: string, @Param('cutId') cutId: string, @Body() body: RequiredReasonDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    return this.transition(caseId, cutId, 'ReverseBudgetCut', body.reason, ctx);
  }

  private async transition(caseId: string, cutId: string, type: Exclude<BudgetCutCommand['type'], 'ProposeBudgetCut'>, reason: string | undefined, ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('business case', caseId);
    checkId('budget cut', cutId);
    const command = { type, data: { caseId, cutId }, context: { actor: ctx.actor, now: this.clock.nowIso(), ...(reason ? { reason } : {}) } } as BudgetCutCommand;
    const result = await this.runner.run({ streamName: budgetCutStreamName(caseId), decider: budgetCutDecider, command, context: { ...ctx, ...(reason ? { reason } : {}) } });
    await this.readModels.caughtUpTo(result.position);
    return { cutId, duplicate: result.duplicate, events: result.events.map((e) => e.type) };
  }
}

export class CutsQuery extends AsOfQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/)
  department?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: ['proposed', 'approved', 'booked', 'rejected', 'reversed'] })
  @IsOptional()
  @IsIn(['proposed', 'approved', 'booked', 'rejected', 'reversed'])
  status?: string;
}

/** The harvest plan and the department ledgers (read models). */
@ApiTags('budget-cuts')
@ApiBearerAuth()
@Controller()
export class LedgerController {
  constructor(private readonly asOf: AsOfService) {}

  @Get('budget-cuts')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ description: 'Every cut with its figures, override and who did what; department-scoped roles see their own only.' })
  async cuts(@Query() query: CutsQuery, @CurrentActor() actor: AuthenticatedActor): Promise<{ items: CutRecord[] }> {
    const items = (await this.asOf.reader(query, ['department-ledger']))
      .list<CutRecord>('department-ledger', 'cuts', query.department ? { prefix: `${query.department}|` } : {})
      .map((e) => e.doc)
      .filter((c) => !isScoped(actor) || actor.departments.includes(c.departmentId))
      .filter((c) => query.year === undefined || c.year === query.year)
      .filter((c) => !query.status || c.status === query.status);
    return { items };
  }

  @Get('departments/:departmentId/ledger')
  @Roles(...ANY_ROLE)
  @CachedResponse({ per: 'scope', sources: (p) => ({ documents: [{ projection: 'department-ledger', collection: 'ledgers', key: p['departmentId']! }] }) })
  @ApiOkResponse({ description: 'Per year: baseline, planned gross savings, cuts by status, retained amount, adjusted budget, per case.' })
  @AsOfQueryDocs()
  async ledger(@Param('departmentId') departmentId: string, @CurrentActor() actor: AuthenticatedActor, @AsOf() asOf: AsOfParams, @Res() res: RawResponse): Promise<void> {
    checkId('department', departmentId);
    assertDepartmentScope(actor, departmentId);
    // The DepartmentLedger as JSON, made from its buckets' kept JSON (a busy department's runs to megabytes).
    const json = departmentLedgerJson(ledgerDocuments(await this.asOf.reader(asOf, ['department-ledger'])), departmentId);
    if (json === undefined) throw new NotFoundProblem(`No department ${departmentId}`);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.send(Buffer.from(json));
  }

  @Get('ledger/summary')
  @Roles(...READ_ALL)
  @ApiOkResponse({ description: 'Municipality-wide totals per year.' })
  @AsOfQueryDocs()
  async summary(@AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    // The headers hold every year's totals: the per-case lines are not needed here.
    const ledgers = (await this.asOf.reader(asOf, ['department-ledger'])).list<LedgerHeader>('department-ledger', 'ledgers').map((e) => e.doc);
    return { years: municipalitySummary(ledgers) };
  }
}

/** The retained-share policy: a default, overridable per department and per case, each from a budget year. */
@ApiTags('retained-share')
@ApiBearerAuth()
@Controller('retained-share')
export class RetainedShareController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    private readonly asOf: AsOfService,
  ) {}

  @Get()
  @Roles(...ANY_ROLE)
  @AsOfQueryDocs()
  async get(@Query('department') department: string | undefined, @Query('case') caseId: string | undefined, @Query('year') year: string | undefined, @AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    const { state } = await this.asOf.load(RETAINED_SHARE_POLICY_STREAM, retainedSharePolicyDecider, asOf);
    const inForce = department && year && /^\d{4}$/.test(year) ? retainedShareInForce(state, { departmentId: department, ...(caseId ? { caseId } : {}), year: Number(year) }) ?? null : undefined;
    return { policy: state, ...(inForce !== undefined ? { inForce } : {}) };
  }

  @Put('default')
  @Roles('finance', 'management')
  setDefault(@Body() body: RetainedShareDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    return this.run({ type: 'SetDefaultRetainedShare', data: { pct: body.pct, effectiveFromYear: body.effectiveFromYear }, context: { actor: ctx.actor, now: now(), reason: body.reason } }, ctx);
  }

  @Put('departments/:departmentId')
  @Roles('finance', 'management')
  setDepartment(@Param('departmentId') departmentId: string, @Body() body: RetainedShareDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('department', departmentId);
    return this.run({ type: 'SetDepartmentRetainedShare', data: { departmentId, pct: body.pct, effectiveFromYear: body.effectiveFromYear }, context: { actor: ctx.actor, now: now(), reason: body.reason } }, ctx);
  }

  @Post('departments/:departmentId/clear')
  @HttpCode(200)
  @Roles('finance', 'management')
  clearDepartment(@Param('departmentId') departmentId: string, @Body() body: ClearRetainedShareDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('department', departmentId);
    return this.run({ type: 'ClearDepartmentRetainedShare', data: { departmentId, effectiveFromYear: body.effectiveFromYear }, context: { actor: ctx.actor, now: now(), reason: body.reason } }, ctx);
  }

  @Put('cases/:caseId')
  @Roles('finance', 'management')
  setCase(@Param('caseId') caseId: string, @Body() body: RetainedShareDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('business case', caseId);
    return this.run({ type: 'SetCaseRetainedShare', data: { caseId, pct: body.pct, effectiveFromYear: body.effectiveFromYear }, context: { actor: ctx.actor, now: now(), reason: body.reason } }, ctx);
  }

  @Post('cases/:caseId/clear')
  @HttpCode(200)
  @Roles('finance', 'management')
  clearCase(@Param('caseId') caseId: string, @Body() body: ClearRetainedShareDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('business case', caseId);
    return this.run({ type: 'ClearCaseRetainedShare', data: { caseId, effectiveFromYear: body.effectiveFromYear }, context: { actor: ctx.actor, now: now(), reason: body.reason } }, ctx);
  }

  private async run(unstamped: RetainedSharePolicyCommand, ctx: RequestContext): Promise<Record<string, unknown>> {
    const command = { ...unstamped, context: { ...unstamped.context, now: this.clock.nowIso() } } as RetainedSharePolicyCommand;
    const result = await this.runner.run({ streamName: RETAINED_SHARE_POLICY_STREAM, decider: retainedSharePolicyDecider, command, context: { ...ctx, ...(command.context.reason ? { reason: command.context.reason } : {}) } });
    return { duplicate: result.duplicate, events: result.events.map((e) => e.type) };
  }
}
