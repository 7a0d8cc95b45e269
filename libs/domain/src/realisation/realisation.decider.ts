import type { CommandContext, Decider } from '../shared/decider';
import { IllegalState, InvalidInput, NotFound } from '../shared/errors';
import {
  INDICATOR_DIRECTIONS,
  INDICATOR_KINDS,
  INDICATOR_UNITS,
  requireIndicatorValue,
  type IndicatorUnit,
} from './indicator';
import {
  requireCaseDepartment,
  requireRealisationRole,
  requireSystemSourceForAdmin,
} from './realisation.authorization';
import type {
  AcknowledgeRed,
  CorrectMeasurement,
  DefineIndicator,
  EditIndicatorTrajectory,
  EvaluateRealisation,
  RealisationCommand,
  RecordMeasurement,
} from './realisation.commands';
import type { MeasurementSource, RealisationEvent } from './realisation.events';
import {
  periodEnd,
  periodStart,
  requireDate,
  requirePeriod,
  type IsoDate,
  type RealisationPeriod,
} from './realisation-period';
import { nextRealisationColourChange, realisationStatus } from './realisation-status';
import {
  evolveRealisation,
  initialRealisationState,
  type RealisationIndicatorState,
  type RealisationMeasurementState,
  type RealisationState,
} from './realisation.state';
import { resolveTrajectory } from './trajectory-input';

const unknownCommand = (command: never): never => {
  throw new Error(`Unknown realisation command ${JSON.stringify(command)}`);
};

export const decideRealisation = (command: RealisationCommand, state: RealisationState): RealisationEvent[] => {
  requireRealisationRole(command.type, command.context.actor);
  switch (command.type) {
    case 'DefineIndicator':
      return defineIndicator(command, state);
    case 'EditIndicatorTrajectory':
      return editTrajectory(command, state);
    case 'RecordMeasurement':
      return recordMeasurement(command, state);
    case 'CorrectMeasurement':
      return correctMeasurement(command, state);
    case 'EvaluateRealisation':
      return evaluate(command, state);
    case 'AcknowledgeRed':
      return acknowledgeRed(command, state);
    default:
      return unknownCommand(command);
  }
};

/** The case realisation aggregate, stream `realisation-<caseId>`. */
export const realisationDecider: Decider<RealisationCommand, RealisationState, RealisationEvent> = {
  decide: decideRealisation,
  evolve: evolveRealisation,
  initialState: initialRealisationState,
};

// ── Define and re-plan indicators ────────────────────────────────────────────────────────

const defineIndicator = (command: DefineIndicator, state: RealisationState): RealisationEvent[] => {
  const { data, context } = command;
  requireCaseDepartment(context.actor, data.caseDepartmentIds);
  const caseId = requireCase(state, data.caseId);
  const indicatorId = requireText(data.indicatorId, 'indicatorId');
  if (state.status === 'tracking' && state.indicators.some((i) => i.indicatorId === indicatorId)) {
    throw new IllegalState('duplicate-indicator', `Indicator ${indicatorId} is already defined`, { indicatorId });
  }
  const name = requireText(data.name, 'name');
  const unit = requireOneOf(data.unit, INDICATOR_UNITS, 'unit', 'unknown-unit');
  const direction = requireOneOf(data.direction, INDICATOR_DIRECTIONS, 'direction', 'unknown-direction');
  const kind = requireOneOf(data.kind, INDICATOR_KINDS, 'kind', 'unknown-kind');
  if (kind === 'adoption' && unit !== 'percent') {
    throw new InvalidInput('kind-unit-mismatch', 'An adoption indicator is a share in percent', 'unit', { kind, unit });
  }
  if (kind === 'lagging' && unit !== 'ore' && unit !== 'hours') {
    throw new InvalidInput('kind-unit-mismatch', 'A lagging indicator counts øre or hours saved', 'unit', { kind, unit });
  }
  if (kind !== 'leading' && direction !== 'higher-is-better') {
    throw new InvalidInput('kind-direction-mismatch', `An ${kind} indicator is higher-is-better`, 'direction', {
      kind,
      direction,
    });
  }

  const benefitLineIds = requireBenefitLines(data.benefitLineIds, data.caseBenefitLineIds);
  const baseline = {
    value: requireIndicatorValue(data.baseline?.value, unit, 'baseline.value'),
    date: requireDate(data.baseline?.date, 'baseline.date'),
  };
  const targetValue = requireIndicatorValue(data.target?.value, unit, 'target.value');
  const improves = direction === 'higher-is-better' ? targetValue > baseline.value : targetValue < baseline.value;
  if (!improves) {
    throw new InvalidInput(
      'target-not-improvement',
      `The target ${targetValue} is no improvement on the baseline ${baseline.value} (${direction})`,
      'target.value',
      { target: targetValue, baseline: baseline.value, direction },
    );
  }
  let target: { value: number; date?: IsoDate } = { value: targetValue };
  if (data.target?.date !== undefined) {
    const date = requireDate(data.target.date, 'target.date');
    if (date < baseline.date) {
      throw new InvalidInput('before-baseline', 'The target date is before the baseline date', 'target.date', {
        date,
        baselineDate: baseline.date,
      });
    }
    target = { value: targetValue, date };
  }
  const { trajectory, trajectoryOrigin } = resolveTrajectory(data.trajectory, { kind, unit, direction, baseline, target });

  return [
    {
      type: 'IndicatorDefined',
      data: {
        caseId,
        indicatorId,
        name,
        unit,
        direction,
        kind,
        benefitLineIds,
        baseline,
        target,
        trajectory,
        trajectoryOrigin,
        definedBy: context.actor.id,
        definedAt: context.now,
      },
    },
  ];
};

const editTrajectory = (command: EditIndicatorTrajectory, state: RealisationState): RealisationEvent[] => {
  const { data, context } = command;
  requireCaseDepartment(context.actor, data.caseDepartmentIds);
  const reason = requireReason(context);
  const caseId = requireCase(state, data.caseId);
  const indicator = requireIndicator(state, data.indicatorId);
  const { trajectory, trajectoryOrigin } = resolveTrajectory(data.trajectory, indicator);
  if (
    JSON.stringify(trajectory) === JSON.stringify(indicator.trajectory) &&
    JSON.stringify(trajectoryOrigin) === JSON.stringify(indicator.trajectoryOrigin)
  ) {
    return []; // already so
  }
  return [
    {
      type: 'IndicatorTrajectoryEdited',
      data: {
        caseId,
        indicatorId: indicator.indicatorId,
        trajectory,
        trajectoryOrigin,
        reason,
        editedBy: context.actor.id,
        editedAt: context.now,
      },
    },
  ];
};

// ── Measurements ─────────────────────────────────────────────────────────────────────────

const recordMeasurement = (command: RecordMeasurement, state: RealisationState): RealisationEvent[] => {
  const { data, context } = command;
  requireCaseDepartment(context.actor, data.caseDepartmentIds);
  const source = requireSource(data.source, 'source');
  requireSystemSourceForAdmin(context.actor, source);
  const caseId = requireCase(state, data.caseId);
  const measurementId = requireNewMeasurementId(state, data.measurementId);
  const indicator = requireIndicator(state, data.indicatorId);
  const { value, unit, period, date } = requireMeasuredValue(indicator, data, context.now);
  const clash = effectiveFor(state, indicator.indicatorId, period);
  if (clash !== undefined) {
    throw new IllegalState(
      'period-already-measured',
      `Indicator ${indicator.indicatorId} already has measurement ${clash.measurementId} for ${period}: correct it instead`,
      { indicatorId: indicator.indicatorId, period, existingMeasurementId: clash.measurementId },
    );
  }
  return [
    {
      type: 'MeasurementRecorded',
      data: {
        caseId,
        measurementId,
        indicatorId: indicator.indicatorId,
        value,
        unit,
        period,
        ...(date === undefined ? {} : { date }),
        source,
        recordedBy: context.actor.id,
        recordedAt: context.now,
      },
    },
  ];
};

const correctMeasurement = (command: CorrectMeasurement, state: RealisationState): RealisationEvent[] => {
  const { data, context } = command;
  requireCaseDepartment(context.actor, data.caseDepartmentIds);
  const reason = requireReason(context);
  const caseId = requireCase(state, data.caseId);
  const old = state.status === 'tracking' ? state.measurements.find((m) => m.measurementId === data.supersedes) : undefined;
  if (old === undefined) {
    throw new NotFound('unknown-measurement', `There is no measurement ${String(data.supersedes)} to correct`, {
      field: 'supersedes',
      measurementId: data.supersedes,
    });
  }
  if (old.supersededBy !== undefined) {
    throw new IllegalState(
      'measurement-superseded',
      `Measurement ${old.measurementId} was already corrected by ${old.supersededBy}: correct that one`,
      { measurementId: old.measurementId, supersededBy: old.supersededBy },
    );
  }
  const source = data.source === undefined ? ({ kind: 'manual' } as const) : requireSource(data.source, 'source');
  requireSystemSourceForAdmin(context.actor, old.source, source);
  const measurementId = requireNewMeasurementId(state, data.measurementId);
  const indicator = requireIndicator(state, old.indicatorId);
  const period = data.period ?? old.period;
  const { value, unit, date } = requireMeasuredValue(
    indicator,
    {
      value: data.value,
      unit: data.unit ?? old.unit,
      period,
      date: data.date ?? (period === old.period ? old.date : undefined),
    },
    context.now,
  );
  if (period !== old.period) {
    const clash = effectiveFor(state, indicator.indicatorId, period);
    if (clash !== undefined) {
      throw new IllegalState(
        'period-already-measured',
        `Indicator ${indicator.indicatorId} already has measurement ${clash.measurementId} for ${period}`,
        { indicatorId: indicator.indicatorId, period, existingMeasurementId: clash.measurementId },
      );
    }
  }
  if (value === old.value && period === old.period && date === old.date && JSON.stringify(source) === JSON.stringify(old.source)) {
    throw new IllegalState('nothing-to-correct', `The correction repeats measurement ${old.measurementId}`, {
      measurementId: old.measurementId,
    });
  }
  return [
    {
      type: 'MeasurementCorrected',
      data: {
        caseId,
        measurementId,
        supersedes: old.measurementId,
        indicatorId: indicator.indicatorId,
        value,
        unit,
        period,
        ...(date === undefined ? {} : { date }),
        source,
        reason,
        recordedBy: context.actor.id,
        recordedAt: context.now,
      },
    },
  ];
};

/**
 * The value checks shared by recording and correcting, in this order: unit ('unit-mismatch'),
 * value ('not-a-number', 'out-of-range', 'not-whole-ore'), period and date ('invalid-period',
 * 'invalid-date', 'date-outside-period'), then time: not before the baseline ('before-baseline'),
 * not in the future ('in-the-future').
 */
const requireMeasuredValue = (
  indicator: RealisationIndicatorState,
  input: { value: unknown; unit: unknown; period: unknown; date?: unknown },
  now: string,
): { value: number; unit: IndicatorUnit; period: RealisationPeriod; date: IsoDate | undefined } => {
  if (input.unit !== indicator.unit) {
    throw new InvalidInput(
      'unit-mismatch',
      `Indicator ${indicator.indicatorId} is measured in ${indicator.unit}, not ${String(input.unit)}`,
      'unit',
      { expected: indicator.unit, got: String(input.unit) },
    );
  }
  const value = requireIndicatorValue(input.value, indicator.unit, 'value');
  const period = requirePeriod(input.period, 'period');
  const date = input.date === undefined ? undefined : requireDate(input.date, 'date');
  if (date !== undefined && (date < periodStart(period) || date > periodEnd(period))) {
    throw new InvalidInput('date-outside-period', `The date ${date} is not in the period ${period}`, 'date', { date, period });
  }
  const baselineDate = indicator.baseline.date;
  if (periodEnd(period) < baselineDate) {
    throw new InvalidInput(
      'before-baseline',
      `The period ${period} ends before the baseline date ${baselineDate}`,
      'period',
      { period, baselineDate },
    );
  }
  if (date !== undefined && date < baselineDate) {
    throw new InvalidInput('before-baseline', `The date ${date} is before the baseline date ${baselineDate}`, 'date', {
      date,
      baselineDate,
    });
  }
  const today = now.slice(0, 10);
  if (periodStart(period) > today) {
    throw new InvalidInput('in-the-future', `The period ${period} has not begun`, 'period', { period, today });
  }
  if (date !== undefined && date > today) {
    throw new InvalidInput('in-the-future', `The date ${date} is in the future`, 'date', { date, today });
  }
  return { value, unit: indicator.unit, period, date };
};

// ── Colour and red status ────────────────────────────────────────────────────────────────

const evaluate = (command: EvaluateRealisation, state: RealisationState): RealisationEvent[] => {
  const { data, context } = command;
  const caseId = requireCase(state, data.caseId);
  const period = requirePeriod(data.period, 'period');
  const status = realisationStatus({
    plannedToDate: data.plannedToDate,
    realisedToDate: data.realisedToDate,
    tolerances: data.tolerances,
  });
  const colour = state.status === 'tracking' ? state.colour : null;
  const last = state.status === 'tracking' ? state.lastEvaluatedPeriod : null;
  if (last !== null && periodEnd(period) < periodEnd(last)) {
    throw new IllegalState(
      'evaluation-out-of-order',
      `The colour last changed as of ${last}; an evaluation as of ${period} comes too late`,
      { period, lastEvaluatedPeriod: last },
    );
  }
  const change = nextRealisationColourChange(
    colour,
    { period, plannedToDate: data.plannedToDate, realisedToDate: data.realisedToDate },
    data.tolerances,
  );
  if (change === null) return [];
  const tolerances = { greenFromPct: data.tolerances.greenFromPct, amberFromPct: data.tolerances.amberFromPct };
  const events: RealisationEvent[] = [
    {
      type: 'RealisationColourChanged',
      data: {
        caseId,
        period,
        at: context.now,
        from: change.from,
        to: change.to,
        realisedPct: change.realisedPct,
        plannedToDate: change.plannedToDate,
        realisedToDate: change.realisedToDate,
        tolerances,
        evaluatedBy: context.actor.id,
      },
    },
  ];
  if (change.to === 'red') {
    events.push({
      type: 'RealisationTurnedRed',
      data: {
        caseId,
        episode: (state.status === 'tracking' ? state.redEpisodes.length : 0) + 1,
        period,
        at: context.now,
        realisedPct: change.realisedPct,
        plannedToDate: change.plannedToDate,
        realisedToDate: change.realisedToDate,
        gap: status.gap,
        tolerances,
        evaluatedBy: context.actor.id,
      },
    });
  }
  return events;
};

const acknowledgeRed = (command: AcknowledgeRed, state: RealisationState): RealisationEvent[] => {
  const { data, context } = command;
  const caseId = requireCase(state, data.caseId);
  const comment = requireText(data.comment, 'comment');
  const episodes = state.status === 'tracking' ? state.redEpisodes : [];
  if (episodes.length === 0) {
    throw new IllegalState('not-red', `Case ${caseId} has never been red`, { caseId });
  }
  const episode =
    data.episode === undefined ? episodes[episodes.length - 1] : episodes.find((e) => e.episode === data.episode);
  if (episode === undefined) {
    throw new NotFound('unknown-red-episode', `Case ${caseId} has no red episode ${String(data.episode)}`, {
      field: 'episode',
      episode: data.episode,
    });
  }
  if (episode.acknowledged !== null) {
    throw new IllegalState(
      'already-acknowledged',
      `Red episode ${episode.episode} was acknowledged by ${episode.acknowledged.by}`,
      { episode: episode.episode, acknowledged: episode.acknowledged },
    );
  }
  return [
    {
      type: 'RedStatusAcknowledged',
      data: { caseId, episode: episode.episode, by: context.actor.id, at: context.now, comment },
    },
  ];
};

// ── Shared checks ────────────────────────────────────────────────────────────────────────

const requireText = (value: unknown, field: string, code = `${field}-required`): string => {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidInput(code, `${field} is required`, field);
  }
  return value.trim();
};

const requireReason = (context: CommandContext): string => {
  const reason = context.reason?.trim();
  if (!reason) throw new InvalidInput('reason-required', 'This change needs a reason', 'reason');
  return reason;
};

const requireOneOf = <T extends string>(value: unknown, allowed: readonly T[], field: string, code: string): T => {
  if (!allowed.includes(value as T)) {
    throw new InvalidInput(code, `${field} must be one of ${allowed.join(', ')}`, field, {
      value: String(value),
      allowed: [...allowed],
    });
  }
  return value as T;
};

/** The command is about this stream's case (or starts it). */
const requireCase = (state: RealisationState, caseId: unknown): string => {
  const id = requireText(caseId, 'caseId');
  if (state.status === 'tracking' && state.caseId !== id) {
    throw new InvalidInput('case-mismatch', `This stream tracks case ${state.caseId}, not ${id}`, 'caseId', {
      expected: state.caseId,
      got: id,
    });
  }
  return id;
};

const requireIndicator = (state: RealisationState, indicatorId: unknown): RealisationIndicatorState => {
  const indicator =
    state.status === 'tracking' ? state.indicators.find((i) => i.indicatorId === indicatorId) : undefined;
  if (indicator === undefined) {
    throw new NotFound('unknown-indicator', `The case has no indicator ${String(indicatorId)}`, {
      field: 'indicatorId',
      indicatorId: String(indicatorId),
    });
  }
  return indicator;
};

const requireNewMeasurementId = (state: RealisationState, measurementId: unknown): string => {
  const id = requireText(measurementId, 'measurementId');
  if (state.status === 'tracking' && state.measurements.some((m) => m.measurementId === id)) {
    throw new IllegalState('duplicate-measurement', `Measurement ${id} is already recorded`, { measurementId: id });
  }
  return id;
};

const requireSource = (source: MeasurementSource | undefined, field: string): MeasurementSource => {
  if (source?.kind === 'manual') return { kind: 'manual' };
  if (source?.kind === 'system') {
    return { kind: 'system', system: requireText(source.system, `${field}.system`, 'system-required') };
  }
  throw new InvalidInput('unknown-source', "source.kind is 'manual' or 'system'", `${field}.kind`, {
    value: String((source as { kind?: unknown } | undefined)?.kind),
  });
};

const requireBenefitLines = (ids: readonly string[], caseBenefitLineIds: readonly string[]): string[] => {
  if (!Array.isArray(ids) || ids.length === 0) {
    throw new InvalidInput('benefitLineIds-required', 'An indicator is tied to at least one benefit line', 'benefitLineIds');
  }
  return ids.map((id, i) => {
    const field = `benefitLineIds[${i}]`;
    const trimmed = requireText(id, field, 'benefitLineId-required');
    if (ids.indexOf(id) !== i) {
      throw new InvalidInput('duplicate-benefit-line', `Benefit line ${trimmed} is listed twice`, field, { benefitLineId: id });
    }
    if (!Array.isArray(caseBenefitLineIds) || !caseBenefitLineIds.includes(trimmed)) {
      throw new InvalidInput('unknown-benefit-line', `The case has no benefit line ${trimmed}`, field, {
        benefitLineId: trimmed,
      });
    }
    return trimmed;
  });
};

const effectiveFor = (state: RealisationState, indicatorId: string, period: RealisationPeriod): RealisationMeasurementState | undefined =>
  state.status === 'tracking'
    ? state.measurements.find((m) => m.indicatorId === indicatorId && m.period === period && m.supersededBy === undefined)
    : undefined;
