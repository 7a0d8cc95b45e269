import * as path from 'node:path';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Logger } from 'pino';
import { EVENT_STORE, type EventStore } from '@gevinst/event-store';
import {
  createKafkaClient,
  ensureTopics,
  EventRelay,
  gevinstIntegrationEvents,
  integrationTopicSpecs,
  KafkajsConsumer,
  KafkajsPublisher,
  MEASUREMENT_TOPICS,
  MeasurementConsumer,
  measurementTopicSpecs,
  SqliteCheckpointStore,
  type RecordMeasurement,
} from '@gevinst/messaging';
import type { AppConfig } from '@gevinst/platform';
import { APP_CONFIG, APP_LOGGER } from '../infrastructure/tokens';
import { Metrics } from '../metrics/metrics';

/** Records a measurement that arrived on Kafka (bound by the realisation module). */
export const KAFKA_MEASUREMENT_RECORDER = Symbol('KAFKA_MEASUREMENT_RECORDER');

/**
 * Kafka, on when KAFKA_BROKERS is set: the relay publishes integration events from the event
 * log (checkpointed in DATA_DIR/messaging.sqlite, advanced only after the broker's ack), and
 * the measurement consumer turns messages from other systems into RecordMeasurement commands.
 */
@Injectable()
export class KafkaService implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay: EventRelay | undefined;
  private consumer: MeasurementConsumer | undefined;
  private checkpoints: SqliteCheckpointStore | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APP_LOGGER) private readonly logger: Logger,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly metrics: Metrics,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The recorder some module binds to KAFKA_MEASUREMENT_RECORDER, if any. */
  private measurementRecorder(): RecordMeasurement | undefined {
    try {
      return this.moduleRef.get<RecordMeasurement>(KAFKA_MEASUREMENT_RECORDER, { strict: false });
    } catch {
      return undefined;
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.kafka) return;
    const logger = this.logger.child({ component: 'kafka' });
    const kafka = createKafkaClient({ brokers: this.config.kafka.brokers, clientId: 'gevinst', logger });
    const registry = gevinstIntegrationEvents();
    await ensureTopics(kafka, [...integrationTopicSpecs(registry.topics()), ...measurementTopicSpecs(MEASUREMENT_TOPICS)]);
    this.checkpoints = new SqliteCheckpointStore(path.join(this.config.dataDir, 'messaging.sqlite'));
    this.relay = new EventRelay({ store: this.store, publisher: new KafkajsPublisher({ kafka, logger }), checkpoints: this.checkpoints, registry, logger });
    await this.relay.start();
    this.metrics.registerLag('kafka-relay', async () => (this.relay ? Number((await this.relay.lag()).behind) : null));
    const recordMeasurement = this.measurementRecorder();
    if (recordMeasurement) {
      this.consumer = new MeasurementConsumer({
        consumer: new KafkajsConsumer({ kafka, groupId: 'gevinst-measurements', logger }),
        deadLetters: new KafkajsPublisher({ kafka, logger }),
        recordMeasurement,
        logger,
      });
      await this.consumer.start();
      this.metrics.registerLag('measurement-consumer', async () => (this.consumer ? (await this.consumer.lag()).total : null));
    } else {
      logger.warn({}, 'no measurement recorder bound: the measurement consumer is off');
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
    await this.relay?.stop();
    this.checkpoints?.close();
  }
}
