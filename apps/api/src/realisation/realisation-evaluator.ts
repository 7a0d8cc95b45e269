import { Injectable, Logger } from '@nestjs/common';
import {
  businessCaseDecider,
  businessCaseStreamName,
  IllegalState,
  REALISATION_TOLERANCES_STREAM,
  realisationDecider,
  realisationStreamName,
  realisationTolerancesDecider,
  type Actor,
  type BusinessCaseEvent,
  type BusinessCaseState,
  type EvaluateRealisation,
  type RealisationColour,
  type RealisationEvent,
  type RealisationState,
} from '@gevinst/domain';
import { caseToDate, monthLabel, realisationPlanOf } from '@gevinst/read-models';
import { Clock } from '../application/clock';
import { CommandRunner } from '../application/command-runner';

/** The identity the API evaluates colours as (role admin: the system process that evaluates after new figures). */
export const REALISATION_EVALUATOR: Actor = { id: 'system:realisation-evaluator', role: 'admin', departments: [] };

export interface EvaluationCause {
  /** The command that made the evaluation necessary; the evaluation's command id is derived from it. */
  readonly commandId: string;
  readonly correlationId: string;
}

export interface EvaluationResult {
  /** The case's colour after the evaluation (null: not tracked, or never evaluated). */
  readonly colour: RealisationColour | null;
  /** The colour events appended (none when the colour held). */
  readonly events: string[];
  readonly position: bigint | null;
  /** The figures the colour was evaluated on; null when the case was not evaluated. */
  readonly figures: { period: string; plannedToDate: number; realisedToDate: number } | null;
}

const monthOfNow = (now: Date): number => now.getUTCFullYear() * 12 + now.getUTCMonth();

/**
 * Evaluates a case's realisation colour from its streams (never from a read model): the
 * approved revision (business-case stream), the indicators and measurements in force
 * (realisation stream) and the tolerances in force; the figures to date of this month, the
 * budget-effective lines only. Sends EvaluateRealisation, whose decider appends a colour change
 * only when the colour changes (RealisationTurnedRed too when it turns red).
 *
 * Deterministic: the same streams and month give the same figures. Idempotent: the command id
 * is derived from the command that caused the evaluation, so a re-sent command never
 * evaluates twice into the log.
 */
@Injectable()
export class RealisationEvaluator {
  private readonly logger = new Logger('realisation');

  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
  ) {}

  async evaluate(caseId: string, cause: EvaluationCause, now: Date = this.clock.now()): Promise<EvaluationResult> {
    const business = await this.runner.load<BusinessCaseState, BusinessCaseEvent>(businessCaseStreamName(caseId), businessCaseDecider);
    const approved = business.state.status === 'empty' ? null : business.state.approved;
    const tolerances = (await this.runner.load(REALISATION_TOLERANCES_STREAM, realisationTolerancesDecider)).state.tolerances;
    const month = monthOfNow(now);
    let figures: EvaluationResult['figures'] = null;
    let tracked = true;
    let colour: RealisationColour | null = null;
    try {
      const result = await this.runner.run<EvaluateRealisation | { type: 'noop' }, RealisationState, RealisationEvent>({
        streamName: realisationStreamName(caseId),
        decider: {
          ...realisationDecider,
          decide: (command, state) => (command.type === 'noop' ? [] : realisationDecider.decide(command, state)),
        },
        context: { actor: REALISATION_EVALUATOR, commandId: `${cause.commandId}:evaluate:${caseId}`, correlationId: cause.correlationId },
        // Built from the stream as read on each attempt, so a retry evaluates fresh figures.
        command: (state) => {
          colour = state.status === 'tracking' ? state.colour : null;
          // Not evaluated before the case is approved and has its first measurement: until then
          // there is nothing to judge it on (after that, a period without evidence realises 0).
          if (state.status !== 'tracking' || approved === null || !state.measurements.some((m) => m.supersededBy === undefined)) {
            tracked = state.status === 'tracking';
            return { type: 'noop' };
          }
          const plan = realisationPlanOf(approved.revision, approved.content);
          const toDate = caseToDate(plan, state.indicators, state.measurements, month);
          figures = { period: monthLabel(month), plannedToDate: toDate.plannedToDate, realisedToDate: toDate.realisedToDate };
          return {
            type: 'EvaluateRealisation',
            data: { caseId, period: monthLabel(month), plannedToDate: toDate.plannedToDate, realisedToDate: toDate.realisedToDate, tolerances },
            context: { actor: REALISATION_EVALUATOR, now: now.toISOString() },
          };
        },
      });
      const changed = result.events.find((e) => e.type === 'RealisationColourChanged');
      if (changed && changed.type === 'RealisationColourChanged') colour = changed.data.to;
      return { colour: tracked ? colour : null, events: result.events.map((e) => e.type), position: result.position, figures };
    } catch (error) {
      if (error instanceof IllegalState && error.code === 'evaluation-out-of-order') {
        this.logger.warn(`case ${caseId}: ${error.message}`);
        return { colour, events: [], position: null, figures };
      }
      throw error;
    }
  }
}
