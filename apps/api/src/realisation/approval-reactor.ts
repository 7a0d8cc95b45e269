import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type RecordedEvent, type Subscription } from '@gevinst/event-store';
import { RealisationEvaluator } from './realisation-evaluator';

/**
 * Evaluates a tracked case's colour when a revision of it is approved (a re-baseline changes
 * the plan the colour is measured against). Listens to the live log from start-up; the
 * evaluation's command id is derived from the approval event's id, so seeing an approval twice
 * appends nothing twice. Approvals made while the process was down are evaluated by the next
 * change of the case or the monthly sweep (POST /api/realisation/evaluations).
 */
@Injectable()
export class ApprovalReactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('realisation');
  private subscription: Subscription | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly evaluator: RealisationEvaluator,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const after = await this.store.headPosition();
    this.subscription = this.store.subscribeToAll({
      after,
      handler: (event) => {
        if (event.type === 'BusinessCaseApproved') this.enqueue(event);
      },
      onError: (error) => this.logger.warn(`approval subscription stopped: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
    await this.queue;
  }

  /** Resolves when every approval seen so far has been evaluated (for tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(event: RecordedEvent): void {
    const caseId = (event.data as { caseId?: unknown }).caseId;
    if (typeof caseId !== 'string') return;
    this.queue = this.queue.then(async () => {
      try {
        await this.evaluator.evaluate(caseId, { commandId: `approval-${event.id}`, correlationId: event.metadata.correlationId });
      } catch (error) {
        this.logger.warn(`evaluating case ${caseId} after its approval failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }
}
