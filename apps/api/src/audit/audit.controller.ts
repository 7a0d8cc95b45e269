import { PATH_ID } from '../http/ids';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { AuthenticatedActor } from '@gevinst/platform';
import { ANY_ROLE, CurrentActor, READ_ALL, Roles } from '../auth/auth.decorators';
import { NotFoundProblem, ValidationProblem } from '../http/problem';
import { AsOfQueryDto } from './as-of.params';
import { AsOfService, toProblem } from './as-of.service';
import { AuditService, type History } from './audit.service';
import { assumptionsFromParams, parseKeptHead } from '@gevinst/audit';

const STREAM = /^[A-Za-z0-9@][A-Za-z0-9_.:@|-]{0,200}$/;
const checkId = (what: string, id: string): void => {
  if (!PATH_ID.test(id)) throw new NotFoundProblem(`No ${what} ${id}`);
};
const checkStream = (stream: string): void => {
  if (!STREAM.test(stream)) throw new NotFoundProblem(`No stream ${stream}`);
};

const AUDITORS = ['auditor', 'admin'] as const;
const NUMBER = /^-?\d{1,4}(\.\d{1,2})?$/;
const SHARES = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,100}:\d{1,3}(\.\d{1,2})?(,[A-Za-z0-9][A-Za-z0-9_.-]{0,100}:\d{1,3}(\.\d{1,2})?){0,199}$/;

export class LogQuery {
  @ApiPropertyOptional({ example: '0', description: 'Events after this log position (default 0: from the first)' })
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'after must be a log position (a whole number ≥ 0)' })
  after?: string;

  @ApiPropertyOptional({ example: '1000', description: 'At most this many events (1–5000, default 1000)' })
  @IsOptional()
  @Matches(/^\d{1,4}$/, { message: 'limit must be a whole number 1–5000' })
  limit?: string;
}

export class VerifyQuery {
  @ApiPropertyOptional({ example: '1234:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', description: 'A chain head kept earlier (position:hash): is it still in the chain?' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  expectHead?: string;
}

/** What-if assumptions as query parameters (a GET: a what-if changes nothing). */
export class WhatIfQuery extends AsOfQueryDto {
  @ApiPropertyOptional({ example: '2.5', description: 'Discount rate in percent instead of the rate stamped on each revision' })
  @IsOptional()
  @Matches(NUMBER, { message: 'discountRatePct must be a number with at most 2 decimals' })
  discountRatePct?: string;

  @ApiPropertyOptional({ example: '40', description: 'Retained share in percent for every cut (unless set per department or case)' })
  @IsOptional()
  @Matches(NUMBER, { message: 'retainedSharePct must be a number with at most 2 decimals' })
  retainedSharePct?: string;

  @ApiPropertyOptional({ example: 'borgerservice:30,social-og-sundhed:50', description: 'Retained share per department: id:pct,…' })
  @IsOptional()
  @Matches(SHARES, { message: 'departmentShares must be id:pct,… (pct with at most 2 decimals)' })
  departmentShares?: string;

  @ApiPropertyOptional({ example: '7c1e…:60', description: 'Retained share per business case: caseId:pct,…' })
  @IsOptional()
  @Matches(SHARES, { message: 'caseShares must be id:pct,… (pct with at most 2 decimals)' })
  caseShares?: string;

  @ApiPropertyOptional({ example: '80', description: "Every benefit line's target adoption × this / 100" })
  @IsOptional()
  @Matches(NUMBER, { message: 'adoptionFactorPct must be a number with at most 2 decimals' })
  adoptionFactorPct?: string;

  @ApiPropertyOptional({ example: '6', description: 'Every adoption curve starts this many months later' })
  @IsOptional()
  @Matches(/^-?\d{1,3}$/, { message: 'adoptionDelayMonths must be a whole number of months' })
  adoptionDelayMonths?: string;

  @ApiPropertyOptional({ example: '18', description: 'Every ramp-up takes this many months' })
  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'rampUpMonths must be a whole number of months' })
  rampUpMonths?: string;
}

/**
 * The audit trail: histories (who, role, when, what changed before → after, why), the raw
 * streams and log, tamper evidence, replay verification, what-if replays, and what finance saw
 * when it approved a cut. All reads (GET); nothing here changes the log.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly asOf: AsOfService,
  ) {}

  @Get('history/business-cases/:caseId')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ description: "Every event of the case, its cuts, its realisation and its retained-share settings, in log order: who, role, when, reason, and what changed (revisions diffed against the revision before). Case authors and department heads: their departments' cases only." })
  caseHistory(@Param('caseId') caseId: string, @CurrentActor() actor: AuthenticatedActor): Promise<History> {
    checkId('business case', caseId);
    return this.audit.caseHistory(caseId, actor);
  }

  @Get('history/departments/:departmentId')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ description: 'The department (budgets before → after), every cut of its budget, the retained-share settings that apply to it and the approvals that changed its planned savings. Department-scoped roles: their own department only.' })
  departmentHistory(@Param('departmentId') departmentId: string, @CurrentActor() actor: AuthenticatedActor): Promise<History> {
    checkId('department', departmentId);
    return this.audit.departmentHistory(departmentId, actor);
  }

  @Get('history/budget-cuts/:caseId/:cutId')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ description: 'One budget cut: proposed, approved, booked, rejected, reversed — figures and status before → after.' })
  cutHistory(@Param('caseId') caseId: string, @Param('cutId') cutId: string, @CurrentActor() actor: AuthenticatedActor): Promise<History> {
    checkId('business case', caseId);
    checkId('budget cut', cutId);
    return this.audit.cutHistory(caseId, cutId, actor);
  }

  @Get('history/streams/:stream')
  @Roles(...READ_ALL)
  @ApiOkResponse({ description: 'The history of any stream (e.g. retained-share-policy, municipality-settings).' })
  streamHistory(@Param('stream') stream: string): Promise<History> {
    checkStream(stream);
    return this.audit.streamHistory(stream);
  }

  @Get('streams/:stream')
  @Roles(...READ_ALL)
  @ApiOkResponse({ description: 'The raw events of one stream: data and metadata as stored (positions as decimal strings).' })
  rawStream(@Param('stream') stream: string): Promise<Record<string, unknown>> {
    checkStream(stream);
    return this.audit.rawStream(stream);
  }

  @Get('log')
  @Roles(...AUDITORS)
  @ApiOkResponse({ description: 'A page of the global log (for exports): events after `after`, at most `limit`; `next` is the `after` of the next page.' })
  log(@Query() query: LogQuery): Promise<Record<string, unknown>> {
    const limit = query.limit === undefined ? 1000 : Number(query.limit);
    if (limit < 1 || limit > 5000) throw new ValidationProblem([{ name: 'limit', reason: 'limit must be a whole number 1–5000' }]);
    return this.audit.logPage(BigInt(query.after ?? '0'), limit);
  }

  @Get('verify')
  @Roles(...AUDITORS)
  @ApiOkResponse({ description: 'Walks the hash chain of the SQLite log from the first event and reports the first event altered, removed or reordered; with expectHead, also whether a head kept earlier is still in the chain. 501 on EventStoreDB (the server is the authority).' })
  verify(@Query() query: VerifyQuery): Promise<Record<string, unknown>> {
    let expect;
    if (query.expectHead !== undefined) {
      expect = parseKeptHead(query.expectHead);
      if (!expect) throw new ValidationProblem([{ name: 'expectHead', reason: 'expectHead must be <position>:<sha-256 hex>, as exported by chain-head' }]);
    }
    return this.audit.verify(expect);
  }

  @Get('chain-head')
  @Roles(...AUDITORS)
  @ApiOkResponse({ description: 'The chain head (position and hash of the last event) after verifying the chain: keep `keep` outside the system and pass it to verify later. 501 on EventStoreDB.' })
  chainHead(): Promise<Record<string, unknown>> {
    return this.audit.chainHead();
  }

  @Get('replay-verify')
  @Roles(...AUDITORS)
  @ApiOkResponse({ description: 'Rebuilds every projection from position 0 in memory and compares it with the live read models; names each projection that differs and the first differing documents.' })
  replayVerify(): Promise<Record<string, unknown>> {
    return this.audit.replayVerify();
  }

  @Get('what-if')
  @Roles(...READ_ALL)
  @ApiOkResponse({ description: 'Replays history (up to now, or as of a point) with another discount rate, retained-share policy or adoption, in memory: NPV per case, figures per cut and the department ledgers, actual beside what-if. Writes nothing.' })
  async whatIf(@Query() query: WhatIfQuery): Promise<Record<string, unknown>> {
    const point = await this.asOf.point(query);
    let assumptions;
    try {
      assumptions = assumptionsFromParams(query);
    } catch (error) {
      throw toProblem(error);
    }
    return { ...(await this.audit.whatIf(assumptions, point)) };
  }

  @Get('budget-cuts/:caseId/:cutId/at-approval')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ description: "What finance saw when it approved the cut: the cut as proposed, the case's approved numbers and economics, the department ledger and the realisation status, as of the approval event's log position." })
  atApproval(@Param('caseId') caseId: string, @Param('cutId') cutId: string, @CurrentActor() actor: AuthenticatedActor): Promise<Record<string, unknown>> {
    checkId('business case', caseId);
    checkId('budget cut', cutId);
    return this.audit.atApproval(caseId, cutId, actor);
  }
}
