import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  approvedBudgetEffective,
  budgetCutDecider,
  budgetCutStreamName,
  businessCaseDecider,
  businessCaseStreamName,
  currentRealisationStatus,
  NotFound,
  RETAINED_SHARE_POLICY_STREAM,
  requireRetainedShareInForce,
  retainedSharePolicyDecider,
  retainedSharesByYear,
  realisationDecider,
  realisationStreamName,
  type BudgetCutEvent,
  type BudgetCutRealisationStatus,
  type BusinessCaseEvent,
  type BusinessCaseState,
  type RealisationEvent,
  type RealisationState,
} from '@gevinst/domain';
import { Clock } from '../application/clock';
import { CommandRunner, type CommandResult, type RequestContext } from '../application/command-runner';
import { ReadModels } from '../read-models/read-models';
import type { ProposeBudgetCutDto } from './harvest.dto';

export class ProposeBudgetCutCommand {
  constructor(
    readonly caseId: string,
    readonly body: ProposeBudgetCutDto,
    readonly context: RequestContext,
  ) {}
}

/**
 * The realisation status of a case at decision time, read from its realisation stream (never a
 * read model): the colour, and — while it is red — how the red episode was acknowledged by
 * finance or management (AcknowledgeRed), if it was. A 'red' status refuses a proposal unless it
 * carries an acknowledgement (the budget-cut decider decides).
 */
export type RealisationStatusLookup = (caseId: string) => Promise<{ colour: BudgetCutRealisationStatus | undefined; acknowledgement: string | undefined }>;
export const REALISATION_STATUS_LOOKUP = Symbol('REALISATION_STATUS_LOOKUP');

/**
 * Proposes a budget cut. The facts come from the streams at decision time, not from a read
 * model: the case's status and approved numbers (business-case stream), the retained share in
 * force (policy stream); the decision itself appends to the case's harvest stream with its
 * expected revision, so parallel proposals can never together run ahead of the savings.
 */
@CommandHandler(ProposeBudgetCutCommand)
export class ProposeBudgetCutHandler implements ICommandHandler<ProposeBudgetCutCommand, CommandResult<BudgetCutEvent> & { cutId: string }> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  realisationStatus: RealisationStatusLookup = async (caseId) => {
    const { state } = await this.runner.load<RealisationState, RealisationEvent>(realisationStreamName(caseId), realisationDecider);
    const { colour, redEpisode } = currentRealisationStatus(state);
    const ack = redEpisode?.acknowledged;
    return {
      colour: colour ?? undefined,
      acknowledgement: redEpisode && ack ? `Red episode ${redEpisode.episode} acknowledged by ${ack.by} at ${ack.at}: ${ack.comment}` : undefined,
    };
  };

  async execute({ caseId, body, context }: ProposeBudgetCutCommand): Promise<CommandResult<BudgetCutEvent> & { cutId: string }> {
    const cutId = context.commandId.length <= 64 && /^[\w.:-]+$/.test(context.commandId) ? `cut-${context.commandId}` : `cut-${randomUUID()}`;
    const result = await this.runner.run({
      streamName: budgetCutStreamName(caseId),
      decider: budgetCutDecider,
      context,
      // Built on every attempt, so a retry after a conflict decides on fresh facts.
      command: async () => {
        const businessCase = await this.runner.load<BusinessCaseState, BusinessCaseEvent>(businessCaseStreamName(caseId), businessCaseDecider);
        if (businessCase.state.status === 'empty') throw new NotFound('business-case-not-found', `No business case ${caseId}`);
        const policy = await this.runner.load(RETAINED_SHARE_POLICY_STREAM, retainedSharePolicyDecider);
        const planned = approvedBudgetEffective(businessCase.state)[body.departmentId] ?? {};
        const years = Object.keys(planned).map(Number);
        const inForce = requireRetainedShareInForce(policy.state, { departmentId: body.departmentId, caseId, year: body.year });
        const realisation = await this.realisationStatus(caseId);
        // A red episode acknowledged by finance or management stands for the proposal's own acknowledgement.
        const acknowledgement = body.realisationAcknowledgement?.justification ?? realisation.acknowledgement;
        return {
          type: 'ProposeBudgetCut' as const,
          data: {
            cutId,
            caseId,
            departmentId: body.departmentId,
            year: body.year,
            caseStatus: businessCase.state.status,
            approvedRevision: businessCase.state.approved?.revision ?? 0,
            plannedBudgetEffective: Object.fromEntries(Object.entries(planned).map(([y, a]) => [y, a])),
            retainedSharePct: inForce.pct,
            retainedSharePctByYear: retainedSharesByYear(policy.state, { departmentId: body.departmentId, caseId, years }),
            ...(body.amount !== undefined ? { amount: body.amount } : {}),
            ...(realisation.colour ? { realisationStatus: realisation.colour } : {}),
            ...(acknowledgement ? { realisationAcknowledgement: { justification: acknowledgement } } : {}),
            ...(body.override ? { override: { justification: body.override.justification } } : {}),
          },
          context: { actor: context.actor, now: this.clock.nowIso(), ...(body.reason ? { reason: body.reason } : {}) },
        };
      },
    });
    await this.readModels.caughtUpTo(result.position);
    const proposed = result.events.find((e) => e.type === 'BudgetCutProposed');
    return { ...result, cutId: proposed ? proposed.data.cutId : cutId };
  }
}
