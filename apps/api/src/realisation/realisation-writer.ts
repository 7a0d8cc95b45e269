import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  businessCaseDecider,
  businessCaseStreamName,
  IllegalState,
  InvalidInput,
  NotFound,
  REALISATION_TOLERANCES_STREAM,
  realisationDecider,
  realisationStreamName,
  realisationTolerancesDecider,
  type BenefitLine,
  type BusinessCaseEvent,
  type BusinessCaseState,
  type ExistingBusinessCase,
  type IndicatorDirection,
  type IndicatorKind,
  type IndicatorTrajectoryInput,
  type IndicatorUnit,
  type MeasurementSource,
  type RealisationColour,
  type RealisationCommand,
  type RealisationEvent,
  type RealisationState,
} from '@gevinst/domain';
import { Clock } from '../application/clock';
import { CommandRunner, type CommandResult, type RequestContext } from '../application/command-runner';
import { ProblemError, PROBLEM_TYPE_BASE } from '../http/problem';
import { ReadModels } from '../read-models/read-models';
import type { AcknowledgeRedDto, CorrectMeasurementDto, DefineIndicatorDto, EditTrajectoryDto, RealisationTolerancesDto, TrajectoryDto } from './realisation.dto';
import { RealisationEvaluator, type EvaluationResult } from './realisation-evaluator';

/** What a measurement needs, from HTTP or from another system (the Kafka consumer). */
export interface MeasurementInput {
  readonly caseId: string;
  readonly indicatorId: string;
  /** Default: derived from the command id (so a re-sent command names the same measurement). */
  readonly measurementId?: string;
  readonly value: number;
  readonly unit: IndicatorUnit | string;
  /** 'YYYY-MM' or 'YYYY'. */
  readonly period: string;
  /** 'YYYY-MM-DD' within the period. */
  readonly date?: string;
  /** Default { kind: 'manual' }. The admin (system) identity records only system sources. */
  readonly source?: MeasurementSource;
}

export interface RealisationWriteResult {
  readonly caseId: string;
  readonly duplicate: boolean;
  readonly events: string[];
  /** Global position of the last event appended (command or evaluation); null when nothing was appended. */
  readonly position: string | null;
  /** The evaluation that followed (colour after it, colour events appended), when one ran. */
  readonly evaluation: (Omit<EvaluationResult, 'position'> & { error?: string }) | null;
  readonly [extra: string]: unknown;
}

const derivedId = (prefix: string, commandId: string): string =>
  /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,90}$/.test(commandId) ? `${prefix}-${commandId}` : `${prefix}-${createHash('sha256').update(commandId).digest('hex').slice(0, 24)}`;

const maxPosition = (...positions: (bigint | null)[]): bigint | null =>
  positions.reduce<bigint | null>((max, p) => (p !== null && (max === null || p > max) ? p : max), null);

/** Facts about a case the realisation commands need, read from its business-case stream. */
interface CaseFacts {
  readonly state: ExistingBusinessCase;
  readonly departmentIds: string[];
  readonly benefitLineIds: string[];
  readonly approvedLines: readonly BenefitLine[] | null;
  readonly currentLines: readonly BenefitLine[];
}

/**
 * The write side of realisation: builds each command from the case's streams (the business
 * case supplies the departments, the benefit lines and the approved adoption curves), runs it
 * with the CommandRunner, then evaluates the case's colour (RealisationEvaluator) and waits
 * for the read models to include both.
 */
@Injectable()
export class RealisationWriter {
  private readonly logger = new Logger('realisation');

  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
    private readonly evaluator: RealisationEvaluator,
    private readonly clock: Clock,
  ) {}

  async defineIndicator(caseId: string, body: DefineIndicatorDto, ctx: RequestContext): Promise<RealisationWriteResult> {
    const facts = await this.caseFacts(caseId);
    const kind = body.kind as IndicatorKind;
    const trajectoryBody: TrajectoryDto = body.trajectory ?? (kind === 'lagging' ? { source: 'manual', points: [] } : { source: 'adoption-curve' });
    const trajectory = this.trajectoryInput(facts, trajectoryBody, body.benefitLineIds, 'trajectory');
    const target = body.target ?? (kind === 'adoption' && trajectory.source === 'adoption-curve' ? { value: trajectory.curve.targetAdoptionPct } : undefined);
    const direction = (body.direction ?? (kind === 'leading' ? undefined : 'higher-is-better')) as IndicatorDirection;
    if (kind === 'lagging' && body.unit === 'hours') {
      // Hours saved are priced at the line's hourly cost: only a line valued in time has one.
      body.benefitLineIds.forEach((lineId, i) => {
        const line = (facts.approvedLines ?? facts.currentLines).find((l) => l.id === lineId);
        if (line && line.valuation.kind !== 'time') {
          throw new InvalidInput('hourly-cost-required', `Benefit line ${lineId} is not valued in staff time: count its saving in øre, not hours`, `benefitLineIds[${i}]`, { benefitLineId: lineId });
        }
      });
    }
    const indicatorId = body.indicatorId ?? derivedId('ind', ctx.commandId);
    const result = await this.run(caseId, ctx, {
      type: 'DefineIndicator',
      data: {
        caseId,
        indicatorId,
        name: body.name,
        unit: body.unit as IndicatorUnit,
        direction,
        kind,
        benefitLineIds: body.benefitLineIds,
        caseBenefitLineIds: facts.benefitLineIds,
        caseDepartmentIds: facts.departmentIds,
        baseline: { value: body.baseline.value, date: body.baseline.date },
        target: target === undefined ? (undefined as never) : { value: target.value, ...('date' in target && target.date ? { date: target.date } : {}) },
        trajectory,
      },
      context: { actor: ctx.actor, now: this.clock.nowIso() },
    });
    const defined = result.events.find((e) => e.type === 'IndicatorDefined');
    return this.finish(caseId, result, ctx, { indicatorId: defined?.type === 'IndicatorDefined' ? defined.data.indicatorId : indicatorId, ...(defined ? { indicator: defined.data } : {}) });
  }

  async editTrajectory(caseId: string, indicatorId: string, body: EditTrajectoryDto, ctx: RequestContext): Promise<RealisationWriteResult> {
    const facts = await this.caseFacts(caseId);
    const current = await this.runner.load<RealisationState, RealisationEvent>(realisationStreamName(caseId), realisationDecider);
    const indicator = current.state.status === 'tracking' ? current.state.indicators.find((i) => i.indicatorId === indicatorId) : undefined;
    if (!indicator) throw new NotFound('unknown-indicator', `The case has no indicator ${indicatorId}`, { field: 'indicatorId', indicatorId });
    const trajectory = this.trajectoryInput(facts, body.trajectory, indicator.benefitLineIds, 'trajectory');
    const context = { ...ctx, reason: body.reason };
    const result = await this.run(caseId, context, {
      type: 'EditIndicatorTrajectory',
      data: { caseId, indicatorId, trajectory, caseDepartmentIds: facts.departmentIds },
      context: { actor: ctx.actor, now: this.clock.nowIso(), reason: body.reason },
    });
    return this.finish(caseId, result, context, { indicatorId });
  }

  async recordMeasurement(input: MeasurementInput, ctx: RequestContext): Promise<RealisationWriteResult> {
    const facts = await this.caseFacts(input.caseId);
    const measurementId = input.measurementId ?? derivedId('m', ctx.commandId);
    const result = await this.run(
      input.caseId,
      ctx,
      {
        type: 'RecordMeasurement',
        data: {
          caseId: input.caseId,
          caseDepartmentIds: facts.departmentIds,
          measurementId,
          indicatorId: input.indicatorId,
          value: input.value,
          unit: input.unit as IndicatorUnit,
          period: input.period,
          ...(input.date === undefined ? {} : { date: input.date }),
          source: input.source ?? { kind: 'manual' },
        },
        context: { actor: ctx.actor, now: this.clock.nowIso() },
      },
      true,
    );
    const recorded = result.events.find((e) => e.type === 'MeasurementRecorded');
    return this.finish(input.caseId, result, ctx, { measurementId: recorded?.type === 'MeasurementRecorded' ? recorded.data.measurementId : measurementId, ...(recorded ? { measurement: recorded.data } : {}) });
  }

  async correctMeasurement(caseId: string, supersedes: string, body: CorrectMeasurementDto, ctx: RequestContext): Promise<RealisationWriteResult> {
    const facts = await this.caseFacts(caseId);
    const measurementId = body.measurementId ?? derivedId('m', ctx.commandId);
    const context = { ...ctx, reason: body.reason };
    const result = await this.run(caseId, context, {
      type: 'CorrectMeasurement',
      data: {
        caseId,
        caseDepartmentIds: facts.departmentIds,
        measurementId,
        supersedes,
        value: body.value,
        ...(body.unit === undefined ? {} : { unit: body.unit as IndicatorUnit }),
        ...(body.period === undefined ? {} : { period: body.period }),
        ...(body.date === undefined ? {} : { date: body.date }),
        ...(body.source === undefined ? {} : { source: body.source.kind === 'system' ? { kind: 'system' as const, system: body.source.system ?? '' } : { kind: 'manual' as const } }),
      },
      context: { actor: ctx.actor, now: this.clock.nowIso(), reason: body.reason },
    });
    const corrected = result.events.find((e) => e.type === 'MeasurementCorrected');
    return this.finish(caseId, result, context, { measurementId: corrected?.type === 'MeasurementCorrected' ? corrected.data.measurementId : measurementId, supersedes, ...(corrected ? { measurement: corrected.data } : {}) });
  }

  async acknowledgeRed(caseId: string, body: AcknowledgeRedDto, ctx: RequestContext): Promise<RealisationWriteResult> {
    await this.caseFacts(caseId);
    const result = await this.run(caseId, ctx, {
      type: 'AcknowledgeRed',
      data: { caseId, comment: body.comment, ...(body.episode === undefined ? {} : { episode: body.episode }) },
      context: { actor: ctx.actor, now: this.clock.nowIso() },
    });
    await this.readModels.caughtUpTo(result.position);
    const acknowledged = result.events.find((e) => e.type === 'RedStatusAcknowledged');
    return { caseId, duplicate: result.duplicate, events: result.events.map((e) => e.type), position: result.position === null ? null : String(result.position), evaluation: null, ...(acknowledged ? { acknowledgement: acknowledged.data } : {}) };
  }

  /**
   * Finance sets the municipality's tolerances; every tracked case is then evaluated against
   * them (one derived command id per case).
   */
  async setTolerances(body: RealisationTolerancesDto, ctx: RequestContext, caseIds: readonly string[]): Promise<Record<string, unknown>> {
    const context = { ...ctx, reason: body.reason };
    const result = await this.runner.run({
      streamName: REALISATION_TOLERANCES_STREAM,
      decider: realisationTolerancesDecider,
      command: { type: 'SetRealisationTolerances', data: { greenFromPct: body.greenFromPct, amberFromPct: body.amberFromPct }, context: { actor: ctx.actor, now: this.clock.nowIso(), reason: body.reason } },
      context,
    });
    const evaluated = await this.evaluateAll(caseIds, context);
    await this.readModels.caughtUpTo(maxPosition(result.position, ...evaluated.map((e) => e.position)));
    return {
      duplicate: result.duplicate,
      events: result.events.map((e) => e.type),
      tolerances: { greenFromPct: body.greenFromPct, amberFromPct: body.amberFromPct },
      evaluated: evaluated.map(({ caseId, colour, events }) => ({ caseId, colour, events })),
    };
  }

  /** Evaluates the given cases as of now (the monthly sweep; after a tolerance change). */
  async evaluateAll(caseIds: readonly string[], ctx: RequestContext): Promise<Array<{ caseId: string; colour: RealisationColour | null; events: string[]; position: bigint | null }>> {
    const out: Array<{ caseId: string; colour: RealisationColour | null; events: string[]; position: bigint | null }> = [];
    for (const caseId of caseIds) {
      const result = await this.evaluator.evaluate(caseId, ctx);
      out.push({ caseId, colour: result.colour, events: result.events, position: result.position });
    }
    await this.readModels.caughtUpTo(maxPosition(...out.map((e) => e.position)));
    return out;
  }

  // ── internals ─────────────────────────────────────────────────────────────────────────

  private async caseFacts(caseId: string): Promise<CaseFacts> {
    const { state } = await this.runner.load<BusinessCaseState, BusinessCaseEvent>(businessCaseStreamName(caseId), businessCaseDecider);
    if (state.status === 'empty') throw new NotFound('business-case-not-found', `No business case ${caseId}`, { caseId });
    const approvedLines = state.approved?.content.benefitLines ?? null;
    const lines = [...state.current.benefitLines, ...(approvedLines ?? [])];
    return {
      state,
      departmentIds: [...new Set([state.current.owningDepartmentId, state.approved?.content.owningDepartmentId ?? state.current.owningDepartmentId, ...lines.map((l) => l.departmentId)])],
      benefitLineIds: [...new Set(lines.map((l) => l.id))],
      approvedLines,
      currentLines: state.current.benefitLines,
    };
  }

  /** The domain's trajectory input: manual points as sent, or the approved revision's adoption curve. */
  private trajectoryInput(facts: CaseFacts, body: TrajectoryDto, benefitLineIds: readonly string[], field: string): IndicatorTrajectoryInput {
    if (body.source === 'manual') return { source: 'manual', points: (body.points ?? []).map((p) => ({ period: p.period, value: p.value })) };
    if (facts.approvedLines === null) {
      throw new IllegalState('no-approved-revision', 'The trajectory is derived from the approved revision’s adoption curve, and the case has no approved revision: give the points (source manual) or approve the case first', { field });
    }
    const lineId = body.benefitLineId ?? benefitLineIds[0];
    const line = facts.approvedLines.find((l) => l.id === lineId);
    if (!line) {
      throw new InvalidInput('benefit-line-not-approved', `The approved revision has no benefit line ${String(lineId)} to take the adoption curve from`, body.benefitLineId ? `${field}.benefitLineId` : 'benefitLineIds[0]', { benefitLineId: lineId });
    }
    const curve = { startMonth: line.adoption.startMonth, rampUpMonths: line.adoption.rampUpMonths, targetAdoptionPct: line.adoption.targetAdoptionPct };
    return { source: 'adoption-curve', curve, ...(body.periods ? { periods: body.periods } : {}) };
  }

  private async run(caseId: string, ctx: RequestContext, command: RealisationCommand, unknownIndicatorIs422 = false): Promise<CommandResult<RealisationEvent>> {
    try {
      return await this.runner.run({ streamName: realisationStreamName(caseId), decider: realisationDecider, command, context: ctx });
    } catch (error) {
      // An indicator named in the body that the case does not have: the request is well formed
      // but refers to nothing (422), unlike an unknown resource in the path (404).
      if (unknownIndicatorIs422 && error instanceof NotFound && error.code === 'unknown-indicator') {
        throw new ProblemError({
          type: `${PROBLEM_TYPE_BASE}unknown-indicator`,
          title: 'Rule violated',
          status: 422,
          detail: error.message,
          code: 'unknown-indicator',
          'invalid-params': [{ name: 'indicatorId', reason: error.message }],
        });
      }
      throw error;
    }
  }

  /** Evaluates after a change of figures, then waits until the read models include both. */
  private async finish(caseId: string, result: CommandResult<RealisationEvent>, ctx: RequestContext, extra: Record<string, unknown>): Promise<RealisationWriteResult> {
    let evaluation: RealisationWriteResult['evaluation'] = null;
    let evaluationPosition: bigint | null = null;
    try {
      const evaluated = await this.evaluator.evaluate(caseId, ctx);
      evaluationPosition = evaluated.position;
      evaluation = { colour: evaluated.colour, events: evaluated.events, figures: evaluated.figures };
    } catch (error) {
      // The change itself is recorded; the colour is evaluated again on the next change or sweep.
      this.logger.error(`evaluating case ${caseId} failed: ${error instanceof Error ? error.message : String(error)}`);
      evaluation = { colour: null, events: [], figures: null, error: 'evaluation-failed' };
    }
    const position = maxPosition(result.position, evaluationPosition);
    await this.readModels.caughtUpTo(position);
    return { caseId, duplicate: result.duplicate, events: result.events.map((e) => e.type), position: position === null ? null : String(position), evaluation, ...extra };
  }
}
