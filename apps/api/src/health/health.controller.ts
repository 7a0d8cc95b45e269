import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@gevinst/event-store';
import { Public } from '../auth/auth.decorators';
import type { AppConfig } from '@gevinst/platform';
import { APP_CONFIG } from '../infrastructure/tokens';

/** Liveness and readiness in one: answers 200 when the event store can be read. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: 'The service is up; the event store head position and projection lag.' })
  async health(): Promise<Record<string, unknown>> {
    const head = await this.store.headPosition();
    return {
      status: 'ok',
      eventStore: { kind: this.config.eventStore.kind, headPosition: String(head) },
      kafka: this.config.kafka ? { brokers: this.config.kafka.brokers } : 'off',
    };
  }
}
