import { PATH_ID } from '../http/ids';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  caseStatusView,
  colourHistoryView,
  departmentView,
  indicatorsView,
  parseAsOfMonth,
  portfolioView,
  realisationCaseDoc,
  REALISATION_PROJECTION,
  resolveAsOf,
  tolerancesIn,
  type AsOf,
  caseListOf,
  type DocumentReader,
  type RealisationCaseDoc,
} from '@gevinst/read-models';
import type { AuthenticatedActor } from '@gevinst/platform';
import { Clock } from '../application/clock';
import type { RequestContext } from '../application/command-runner';
import { AsOfService } from '../audit/as-of.service';
import { ANY_ROLE, CurrentActor, READ_ALL, Roles } from '../auth/auth.decorators';
import { assertDepartmentScope, canSeeDepartment, isScoped } from '../auth/scope';
import { ForbiddenProblem, NotFoundProblem } from '../http/problem';
import { CommandContext } from '../http/request-context';
import { ReadModels } from '../read-models/read-models';
import {
  AcknowledgeRedDto,
  AsOfQuery,
  CorrectMeasurementDto,
  DefineIndicatorDto,
  EditTrajectoryDto,
  RealisationReportQuery,
  RealisationTolerancesDto,
  RecordMeasurementDto,
} from './realisation.dto';
import { ExecuteRealisationCommand, type RealisationRequest } from './realisation.handler';
import { renderRealisationReportHtml, REPORT_CONTENT_SECURITY_POLICY } from './realisation-report.html';
import { parseReportPeriod, RealisationReportService } from './realisation-report.service';
import type { HeaderSink } from '../http/raw-response';

/**
 * Whether a client prefers HTML to JSON: text/html (or text/*) with a higher quality than
 * application/json, application/* or *\/*. A browser's navigation does; fetch and curl (*\/*) do not.
 */
export const prefersHtml = (accept: string | undefined): boolean => {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q)) continue;
    const mediaType = type.trim();
    if (mediaType === 'text/html' || mediaType === 'text/*') html = Math.max(html, q);
    if (mediaType === 'application/json' || mediaType === 'application/*' || mediaType === '*/*') json = Math.max(json, q);
  }
  return html > 0 && html > json;
};

const checkId = (what: string, id: string): void => {
  if (!PATH_ID.test(id)) throw new NotFoundProblem(`No ${what} ${id}`);
};

/**
 * The reader and the month a view is as of. `asOf` as a month 'YYYY-MM': the figures to date of
 * that month. `asOf` as an instant, or `asOfPosition`: the read model as the log stood then
 * (replayed in memory, docs/audit.md), "this month" being the month of that moment; a month and
 * a position combine.
 */
const viewAt = async (readModels: ReadModels, clock: Clock, asOfService: AsOfService, query: AsOfQuery): Promise<{ reader: DocumentReader; asOf: AsOf }> => {
  const month = query.asOf === undefined ? undefined : parseAsOfMonth(query.asOf);
  const point = await asOfService.point({ asOf: month === undefined ? query.asOf : undefined, asOfPosition: query.asOfPosition });
  if (!point) return { reader: readModels.reader, asOf: resolveAsOf(readModels.reader, month, clock.now()) };
  const reader = await asOfService.readerAt(point, [REALISATION_PROJECTION]);
  return { reader, asOf: resolveAsOf(reader, month, await asOfService.now(point)) };
};

/**
 * A case's realisation: indicators (defined and re-planned by the case author or finance),
 * measurements and corrections, the acknowledgement of a red status, and the reads: the
 * indicators for charts, the realisation status per period, the colour history.
 */
@ApiTags('realisation')
@ApiBearerAuth()
@Controller('business-cases/:caseId')
export class CaseRealisationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    private readonly asOfService: AsOfService,
    private readonly reports: RealisationReportService,
  ) {}

  @Post('indicators')
  @Roles('case-author', 'finance')
  @ApiOkResponse({ description: "Defines an indicator tied to benefit lines; the trajectory defaults to the approved revision's adoption curve." })
  defineIndicator(@Param('caseId') caseId: string, @Body() body: DefineIndicatorDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('business case', caseId);
    return this.execute({ kind: 'define-indicator', caseId, body }, ctx);
  }

  @Put('indicators/:indicatorId/trajectory')
  @Roles('case-author', 'finance')
  @ApiOkResponse({ description: 'Replaces the planned trajectory (manual points, or the adoption curve again); a reason is required.' })
  editTrajectory(@Param('caseId') caseId: string, @Param('indicatorId') indicatorId: string, @Body() body: EditTrajectoryDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('business case', caseId);
    checkId('indicator', indicatorId);
    return this.execute({ kind: 'edit-trajectory', caseId, indicatorId, body }, ctx);
  }

  @Post('measurements')
  @Roles('case-author', 'finance', 'admin')
  @ApiOkResponse({ description: 'Records a measurement; the case’s colour is evaluated after it. 400/422 with nothing appended for a bad one.' })
  recordMeasurement(@Param('caseId') caseId: string, @Body() body: RecordMeasurementDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('business case', caseId);
    const { indicatorId, measurementId, value, unit, period, date, source } = body;
    return this.execute(
      {
        kind: 'record-measurement',
        input: {
          caseId,
          indicatorId,
          value,
          unit,
          period,
          ...(measurementId === undefined ? {} : { measurementId }),
          ...(date === undefined ? {} : { date }),
          ...(source === undefined ? {} : { source: source.kind === 'system' ? { kind: 'system', system: source.system ?? '' } : { kind: 'manual' } }),
        },
      },
      ctx,
    );
  }

  @Post('measurements/:measurementId/corrections')
  @Roles('case-author', 'finance', 'admin')
  @ApiOkResponse({ description: 'A new measurement that supersedes this one (the old one stays in history); a reason is required.' })
  correctMeasurement(@Param('caseId') caseId: string, @Param('measurementId') measurementId: string, @Body() body: CorrectMeasurementDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('business case', caseId);
    checkId('measurement', measurementId);
    return this.execute({ kind: 'correct-measurement', caseId, supersedes: measurementId, body }, ctx);
  }

  @Post('realisation/acknowledge-red')
  @HttpCode(200)
  @Roles('finance', 'management')
  @ApiOkResponse({ description: 'Acknowledges a red episode (default the latest) with a comment.' })
  acknowledgeRed(@Param('caseId') caseId: string, @Body() body: AcknowledgeRedDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    checkId('business case', caseId);
    return this.execute({ kind: 'acknowledge-red', caseId, body }, ctx);
  }

  @Get('indicators')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ description: 'The indicators with every measurement (superseded ones marked), the planned trajectory, and per month planned vs measured level for charts.' })
  async indicators(@Param('caseId') caseId: string, @Query() query: AsOfQuery, @CurrentActor() actor: AuthenticatedActor): Promise<Record<string, unknown>> {
    const { reader, asOf } = await viewAt(this.readModels, this.clock, this.asOfService, query);
    this.visibleCase(caseId, actor, reader);
    return indicatorsView(reader, caseId, asOf);
  }

  @Get('realisation')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ description: 'Per month and year: planned and realised gain (budget-effective), to date, harvested (booked cuts), retained, gap and colour; per line and department; the evaluated colour and red episode.' })
  async status(@Param('caseId') caseId: string, @Query() query: AsOfQuery, @CurrentActor() actor: AuthenticatedActor): Promise<Record<string, unknown>> {
    const { reader, asOf } = await viewAt(this.readModels, this.clock, this.asOfService, query);
    const doc = this.visibleCase(caseId, actor, reader);
    return caseStatusView(reader, doc, asOf);
  }

  @Get('realisation/colour-history')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ description: 'Every colour change (when, from, to, on which figures, by whom) and every red episode with its acknowledgement.' })
  async colourHistory(@Param('caseId') caseId: string, @Query() query: AsOfQuery, @CurrentActor() actor: AuthenticatedActor): Promise<Record<string, unknown>> {
    const { reader } = await viewAt(this.readModels, this.clock, this.asOfService, query);
    return colourHistoryView(this.visibleCase(caseId, actor, reader));
  }

  @Get('realisation-report')
  @Roles(...ANY_ROLE)
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    description:
      'The benefits realisation report (a year after go-live by default; ?asOfPeriod=YYYY-MM): plan vs actual per benefit line and period, each indicator with baseline, trajectory and measurements (corrections superseding), deviations in øre and %, colour history with acknowledgements, harvested, retained and harvested ahead of realised. JSON, or a printable HTML document with Accept: text/html (?lang=en for English).',
  })
  async report(
    @Param('caseId') caseId: string,
    @Query() query: RealisationReportQuery,
    @CurrentActor() actor: AuthenticatedActor,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: HeaderSink,
  ): Promise<Record<string, unknown> | string> {
    res.setHeader('Vary', 'Accept');
    return this.reportAs(prefersHtml(accept) ? 'html' : 'json', caseId, query, actor, res);
  }

  @Get('realisation-report.html')
  @Roles(...ANY_ROLE)
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The realisation report as a self-contained, printable HTML document (Danish; ?lang=en for English; ?asOfPeriod=YYYY-MM).' })
  reportHtml(@Param('caseId') caseId: string, @Query() query: RealisationReportQuery, @CurrentActor() actor: AuthenticatedActor, @Res({ passthrough: true }) res: HeaderSink): Promise<Record<string, unknown> | string> {
    return this.reportAs('html', caseId, query, actor, res);
  }

  private async reportAs(format: 'json' | 'html', caseId: string, query: RealisationReportQuery, actor: AuthenticatedActor, res: HeaderSink): Promise<Record<string, unknown> | string> {
    const reader = this.readModels.reader;
    const doc = this.visibleCase(caseId, actor, reader);
    const requested = query.asOfPeriod === undefined ? undefined : parseReportPeriod(query.asOfPeriod);
    const { report, meta } = await this.reports.report(reader, doc, requested);
    if (format === 'json') return { ...report, basis: 'budget-effective', report: meta };
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Content-Security-Policy', REPORT_CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `inline; filename="realisation-report-${doc.caseId}-${report.asOfPeriod}.html"`);
    return renderRealisationReportHtml(report, meta, query.lang ?? 'da');
  }

  private visibleCase(caseId: string, actor: AuthenticatedActor, reader: DocumentReader = this.readModels.reader): RealisationCaseDoc {
    checkId('business case', caseId);
    const doc = realisationCaseDoc(reader, caseId);
    if (!doc) throw new NotFoundProblem(`No business case ${caseId}`);
    if (isScoped(actor) && !doc.departmentIds.some((d) => canSeeDepartment(actor, d))) {
      throw new ForbiddenProblem("You may only see the realisation of your own department's cases");
    }
    return doc;
  }

  private execute(request: RealisationRequest, ctx: RequestContext): Promise<Record<string, unknown>> {
    return this.commands.execute<ExecuteRealisationCommand, Record<string, unknown>>(new ExecuteRealisationCommand(request, ctx));
  }
}

/** The portfolio's realisation, one department's, the tolerances, and the evaluation sweep. */
@ApiTags('realisation')
@ApiBearerAuth()
@Controller('realisation')
export class PortfolioRealisationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    private readonly asOfService: AsOfService,
  ) {}

  @Get('portfolio')
  @Roles(...READ_ALL)
  @ApiOkResponse({ description: 'The municipality and every department, per year and to date: planned, realised, harvested, retained, gap, harvested ahead of realised; the cases by colour.' })
  async portfolio(@Query() query: AsOfQuery): Promise<Record<string, unknown>> {
    const { reader, asOf } = await viewAt(this.readModels, this.clock, this.asOfService, query);
    return portfolioView(reader, asOf);
  }

  @Get('departments/:departmentId')
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ description: "One department's figures per year and to date, and its cases. Department heads: their own departments only." })
  async department(@Param('departmentId') departmentId: string, @Query() query: AsOfQuery, @CurrentActor() actor: AuthenticatedActor): Promise<Record<string, unknown>> {
    checkId('department', departmentId);
    assertDepartmentScope(actor, departmentId);
    const { reader, asOf } = await viewAt(this.readModels, this.clock, this.asOfService, query);
    return departmentView(reader, departmentId, asOf);
  }

  @Get('tolerances')
  @Roles(...ANY_ROLE)
  tolerances(): Record<string, unknown> {
    return { ...tolerancesIn(this.readModels.reader) };
  }

  @Put('tolerances')
  @Roles('finance')
  @ApiOkResponse({ description: 'Sets the green and amber thresholds (reason required); every tracked case is evaluated again.' })
  setTolerances(@Body() body: RealisationTolerancesDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    return this.commands.execute(new ExecuteRealisationCommand({ kind: 'set-tolerances', body, caseIds: this.trackedCases() }, ctx));
  }

  @Post('evaluations')
  @HttpCode(200)
  @Roles('finance', 'management', 'admin')
  @ApiOkResponse({ description: 'Evaluates every tracked case as of this month (run it at the start of each month); appends colour changes only.' })
  evaluate(@CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    return this.commands.execute(new ExecuteRealisationCommand({ kind: 'evaluate', caseIds: this.trackedCases() }, ctx));
  }

  /** Which cases to evaluate (each evaluation then reads the case's own streams). */
  private trackedCases(): string[] {
    return caseListOf(this.readModels.reader).filter((c) => c.tracked).map((c) => c.caseId).sort();
  }
}
