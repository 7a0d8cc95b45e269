import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, SqliteEventStore, UpcastingEventStore, type EventStore } from '@gevinst/event-store';
import type { AppConfig } from '@gevinst/platform';
import { Public } from '../auth/auth.decorators';
import { APP_CONFIG } from '../infrastructure/tokens';
import { Metrics } from '../metrics/metrics';
import { ReadModels } from '../read-models/read-models';

/** Liveness and readiness in one: answers 200 when the event store can be read. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly readModels: ReadModels,
    private readonly metrics: Metrics,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'The event store head, projection lag and faults, and the Kafka relay and consumer lag.' })
  async health(): Promise<Record<string, unknown>> {
    const head = await this.store.headPosition();
    const projections = this.readModels.runner.status().map((p) => ({ name: p.name, position: String(p.position), ...(p.fault ? { fault: String(p.fault.position) } : {}) }));
    return {
      status: projections.some((p) => 'fault' in p) ? 'degraded' : 'ok',
      eventStore: { kind: this.config.eventStore.kind, headPosition: String(head), ...this.writer() },
      projections: { lag: String(await this.readModels.runner.lag(head)), items: projections },
      kafka: this.config.kafka ? { brokers: this.config.kafka.brokers, lag: await this.metrics.lags() } : 'off',
    };
  }

  /** How the SQLite writer thread grouped appends since start (transactions = fsyncs). */
  private writer(): { writer?: { transactions: number; appends: number; largestGroup: number } } {
    const adapter = this.store instanceof UpcastingEventStore ? this.store.adapter : this.store;
    const stats = adapter instanceof SqliteEventStore ? adapter.writerStats : undefined;
    return stats ? { writer: stats } : {};
  }
}
