import { DEPARTMENT_ID } from '../http/ids';
import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { departmentDecider, departmentStreamName, type DepartmentCommand } from '@gevinst/domain';
import type { DepartmentSummary } from '@gevinst/read-models';
import type { AuthenticatedActor } from '@gevinst/platform';
import { Clock } from '../application/clock';
import { CommandRunner, type RequestContext } from '../application/command-runner';
import { AsOf, AsOfQueryDocs } from '../audit/as-of.params';
import { AsOfService } from '../audit/as-of.service';
import type { AsOfParams } from '@gevinst/audit';
import { ANY_ROLE, CurrentActor, Roles } from '../auth/auth.decorators';
import { assertDepartmentScope, isScoped } from '../auth/scope';
import { NotFoundProblem } from '../http/problem';
import { CommandContext } from '../http/request-context';
import { CachedResponse } from '../http/response-cache';
import { ReadModels } from '../read-models/read-models';


export class RegisterDepartmentDto {
  @ApiProperty({ example: 'borgerservice', description: 'Lower-case id: letters, digits and -' })
  @Matches(DEPARTMENT_ID, { message: 'departmentId must be 1–64 lower-case letters, digits or -' })
  departmentId!: string;

  @ApiProperty({ example: 'Borgerservice' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'bo', description: 'The department head (person id)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  headId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class SetBaselineBudgetDto {
  @ApiProperty({ example: 12000000000, description: 'Baseline budget for the year, in øre' })
  @IsInt({ message: 'amount must be a whole number of øre' })
  @Min(0)
  @Max(1e15)
  amount!: number;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class ChangeHeadDto {
  @ApiProperty({ nullable: true })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(200)
  headId!: string | null;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

/** Departments and their baseline budgets per year (finance keeps budgets; admin/finance the organisation). */
@ApiTags('departments')
@ApiBearerAuth()
@Controller('departments')
export class DepartmentsController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    private readonly asOf: AsOfService,
  ) {}

  @Post()
  @Roles('admin', 'finance')
  async register(@Body() body: RegisterDepartmentDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    return this.run(body.departmentId, { type: 'RegisterDepartment', data: { departmentId: body.departmentId, name: body.name, headId: body.headId ?? null }, context: { actor: ctx.actor, now: new Date().toISOString(), ...(body.reason ? { reason: body.reason } : {}) } }, ctx);
  }

  @Put(':departmentId/budgets/:year')
  @Roles('finance')
  async setBudget(@Param('departmentId') departmentId: string, @Param('year', ParseIntPipe) year: number, @Body() body: SetBaselineBudgetDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    this.checkId(departmentId);
    return this.run(departmentId, { type: 'SetBaselineBudget', data: { departmentId, year, amount: body.amount }, context: { actor: ctx.actor, now: new Date().toISOString(), reason: body.reason } }, ctx);
  }

  @Put(':departmentId/head')
  @HttpCode(200)
  @Roles('admin', 'finance')
  async changeHead(@Param('departmentId') departmentId: string, @Body() body: ChangeHeadDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    this.checkId(departmentId);
    return this.run(departmentId, { type: 'ChangeDepartmentHead', data: { departmentId, headId: body.headId }, context: { actor: ctx.actor, now: new Date().toISOString(), reason: body.reason } }, ctx);
  }

  @Get()
  @Roles(...ANY_ROLE)
  @CachedResponse({ per: 'scope', sources: () => ({ documents: [{ projection: 'departments', collection: 'departments' }] }) })
  @AsOfQueryDocs()
  async list(@CurrentActor() actor: AuthenticatedActor, @AsOf() asOf: AsOfParams): Promise<{ items: DepartmentSummary[] }> {
    const items = (await this.asOf.reader(asOf, ['departments']))
      .list<DepartmentSummary>('departments', 'departments')
      .map((e) => e.doc)
      .filter((d) => !isScoped(actor) || actor.departments.includes(d.departmentId));
    return { items };
  }

  @Get(':departmentId')
  @Roles(...ANY_ROLE)
  @AsOfQueryDocs()
  async get(@Param('departmentId') departmentId: string, @CurrentActor() actor: AuthenticatedActor, @AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    this.checkId(departmentId);
    assertDepartmentScope(actor, departmentId);
    const { state, revision } = await this.asOf.load(departmentStreamName(departmentId), departmentDecider, asOf);
    if (state.status !== 'registered') throw new NotFoundProblem(`No department ${departmentId}`);
    return { ...state, etag: revision === null ? null : String(revision) };
  }

  private async run(departmentId: string, unstamped: DepartmentCommand, ctx: RequestContext): Promise<Record<string, unknown>> {
    const command = { ...unstamped, context: { ...unstamped.context, now: this.clock.nowIso() } } as DepartmentCommand;
    const result = await this.runner.run({ streamName: departmentStreamName(departmentId), decider: departmentDecider, command, context: { ...ctx, ...(command.context.reason ? { reason: command.context.reason } : {}) } });
    await this.readModels.caughtUpTo(result.position);
    return { departmentId, etag: result.revision === null ? null : String(result.revision), duplicate: result.duplicate, events: result.events.map((e) => e.type) };
  }

  private checkId(departmentId: string): void {
    if (!DEPARTMENT_ID.test(departmentId)) throw new NotFoundProblem(`No department ${departmentId}`);
  }
}
