import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { RequestContext } from '../application/command-runner';
import type { AcknowledgeRedDto, CorrectMeasurementDto, DefineIndicatorDto, EditTrajectoryDto, RealisationTolerancesDto } from './realisation.dto';
import { RealisationWriter, type MeasurementInput } from './realisation-writer';

export type RealisationRequest =
  | { readonly kind: 'define-indicator'; readonly caseId: string; readonly body: DefineIndicatorDto }
  | { readonly kind: 'edit-trajectory'; readonly caseId: string; readonly indicatorId: string; readonly body: EditTrajectoryDto }
  | { readonly kind: 'record-measurement'; readonly input: MeasurementInput }
  | { readonly kind: 'correct-measurement'; readonly caseId: string; readonly supersedes: string; readonly body: CorrectMeasurementDto }
  | { readonly kind: 'acknowledge-red'; readonly caseId: string; readonly body: AcknowledgeRedDto }
  | { readonly kind: 'set-tolerances'; readonly body: RealisationTolerancesDto; readonly caseIds: readonly string[] }
  | { readonly kind: 'evaluate'; readonly caseIds: readonly string[] };

/** A realisation command as it travels on the CommandBus. */
export class ExecuteRealisationCommand {
  constructor(
    readonly request: RealisationRequest,
    readonly context: RequestContext,
  ) {}
}

@CommandHandler(ExecuteRealisationCommand)
export class ExecuteRealisationHandler implements ICommandHandler<ExecuteRealisationCommand, Record<string, unknown>> {
  constructor(private readonly writer: RealisationWriter) {}

  async execute({ request, context }: ExecuteRealisationCommand): Promise<Record<string, unknown>> {
    switch (request.kind) {
      case 'define-indicator':
        return this.writer.defineIndicator(request.caseId, request.body, context);
      case 'edit-trajectory':
        return this.writer.editTrajectory(request.caseId, request.indicatorId, request.body, context);
      case 'record-measurement':
        return this.writer.recordMeasurement(request.input, context);
      case 'correct-measurement':
        return this.writer.correctMeasurement(request.caseId, request.supersedes, request.body, context);
      case 'acknowledge-red':
        return this.writer.acknowledgeRed(request.caseId, request.body, context);
      case 'set-tolerances':
        return this.writer.setTolerances(request.body, context, request.caseIds);
      case 'evaluate': {
        const evaluated = await this.writer.evaluateAll(request.caseIds, context);
        return { evaluated: evaluated.map(({ caseId, colour, events }) => ({ caseId, colour, events })) };
      }
    }
  }
}
