import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import type { MessagePublisher, OutgoingMessage } from '../port/messages';
import { errorMessage, silentLogger, type MessagingLogger } from '../support/logger';

export interface KafkajsPublisherOptions {
  kafka: Kafka;
  /** ms the broker may take to get the acknowledgement of all in-sync replicas (default 30000). */
  ackTimeoutMs?: number;
  /** Default 'none'. kafkajs' gzip runs in JavaScript on the event loop. */
  compression?: 'none' | 'gzip';
  logger?: MessagingLogger;
}

/** Thrown when the broker did not acknowledge a publish. The messages may be sent again. */
export class PublishFailedError extends Error {
  override readonly name = 'PublishFailedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * MessagePublisher on a kafkajs idempotent producer: acks from all in-sync replicas, one request
 * in flight (order per partition), Java-compatible murmur2 key partitioning (so other clients
 * agree where a key lives).
 *
 * After a failed publish the producer is thrown away and the next publish starts a new one (a
 * new producer id): kafkajs' sequence numbers are not trustworthy after it gave up on a request,
 * and a fresh producer cannot be rejected as out of sequence.
 */
export class KafkajsPublisher implements MessagePublisher {
  private producer: Promise<Producer> | undefined;
  private closed = false;
  private readonly logger: MessagingLogger;

  constructor(private readonly options: KafkajsPublisherOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new PublishFailedError('The publisher is closed');
    if (messages.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const m of messages) {
      let list = byTopic.get(m.topic);
      if (!list) byTopic.set(m.topic, (list = []));
      list.push({ key: m.key, value: m.value, headers: m.headers ? { ...m.headers } : undefined });
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
    let producer: Producer;
    try {
      producer = await this.connected();
      await producer.sendBatch({
        topicMessages,
        acks: -1,
        timeout: this.options.ackTimeoutMs ?? 30_000,
        compression: this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
      });
    } catch (error) {
      this.discardProducer();
      throw new PublishFailedError(`Publishing ${messages.length} message(s) failed: ${errorMessage(error)}`, {
        cause: error,
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await producer.then((p) => p.disconnect()).catch(() => undefined);
  }

  private connected(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.options.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 4 },
      });
      const connecting = producer.connect().then(() => producer);
      // A failed connect must not be cached.
      connecting.catch(() => {
        if (this.producer === connecting) this.producer = undefined;
      });
      this.producer = connecting;
    }
    return this.producer;
  }

  private discardProducer(): void {
    const producer = this.producer;
    this.producer = undefined;
    if (!producer) return;
    producer
      .then((p) => p.disconnect())
      .catch((error: unknown) => this.logger.debug({ error: errorMessage(error) }, 'discarding producer failed'));
  }
}
