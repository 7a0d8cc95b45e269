import type { Admin, Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import type {
  BatchControl,
  ConsumedMessage,
  ConsumeOptions,
  ConsumerLag,
  MessageConsumer,
  MessageHeaders,
  PartitionLag,
} from '../port/messages';
import { errorMessage, silentLogger, type MessagingLogger } from '../support/logger';

export interface KafkajsConsumerOptions {
  kafka: Kafka;
  groupId: string;
  /** ms without heartbeat before the group drops this member (default 30000). */
  sessionTimeoutMs?: number;
  /** ms between heartbeats (default 3000). */
  heartbeatIntervalMs?: number;
  /** Largest fetch per partition, bytes (default 1 MiB; must exceed the largest message). */
  maxBytesPerPartition?: number;
  logger?: MessagingLogger;
}

const headerText = (value: IHeaders[string]): string | undefined => {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
};

const toHeaders = (headers: IHeaders | undefined): MessageHeaders => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const text = headerText(value);
    if (text !== undefined) result[name] = text;
  }
  return result;
};

const toConsumed = (topic: string, partition: number, m: KafkaMessage): ConsumedMessage => ({
  topic,
  partition,
  offset: m.offset,
  key: m.key ?? null,
  value: m.value ?? null,
  headers: toHeaders(m.headers),
  timestamp: m.timestamp,
});

/**
 * MessageConsumer on a kafkajs consumer group, batch by batch. Offsets are resolved only for the
 * messages the handler marked; on a rebalance or stop the rest of the batch is delivered again
 * (to whichever member then owns the partition).
 */
export class KafkajsConsumer implements MessageConsumer {
  private consumer: Consumer | undefined;
  private admin: Admin | undefined;
  private topics: readonly string[] = [];
  private joinedOnce: Promise<void> | undefined;
  private readonly logger: MessagingLogger;

  constructor(private readonly options: KafkajsConsumerOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  get groupId(): string {
    return this.options.groupId;
  }

  async start({ topics, fromBeginning, handler }: ConsumeOptions): Promise<void> {
    if (this.consumer) throw new Error(`Consumer ${this.options.groupId} is already started`);
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: this.options.heartbeatIntervalMs ?? 3000,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 1024 * 1024,
      // Keep trying to (re)join while the broker is away; never give up for good.
      retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 10, restartOnFailure: async () => true },
    });
    this.consumer = consumer;
    this.topics = topics;
    this.joinedOnce = new Promise((resolve) => {
      const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
        remove();
        resolve();
      });
    });
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      this.logger.warn(
        { groupId: payload.groupId, error: errorMessage(payload.error), restart: payload.restart },
        'consumer crashed',
      ),
    );
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning });
    await consumer.run({
      eachBatchAutoResolve: false,
      autoCommit: true,
      eachBatch: async (payload: EachBatchPayload) => {
        const { batch } = payload;
        const messages = batch.messages.map((m) => toConsumed(batch.topic, batch.partition, m));
        const control: BatchControl = {
          heartbeat: () => payload.heartbeat(),
          markProcessed: (message) => payload.resolveOffset(message.offset),
          shouldContinue: () => payload.isRunning() && !payload.isStale(),
          commitIfNecessary: () => payload.commitOffsetsIfNecessary(),
        };
        await handler(messages, control);
      },
    });
  }

  /** Resolves once this member has joined the group the first time (has partitions to read). */
  joined(timeoutMs = 30_000): Promise<void> {
    if (!this.joinedOnce) return Promise.reject(new Error('Consumer not started'));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Group ${this.options.groupId} not joined after ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([this.joinedOnce, timeout]).finally(() => clearTimeout(timer));
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer) await consumer.disconnect();
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await admin.disconnect().catch(() => undefined);
  }

  async lag(): Promise<ConsumerLag> {
    if (!this.admin) {
      const admin = this.options.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return consumerGroupLag(this.admin, this.options.groupId, this.topics);
  }
}

/** Committed offsets of a group against the ends of its topics' partitions. */
export const consumerGroupLag = async (
  admin: Admin,
  groupId: string,
  topics: readonly string[],
): Promise<ConsumerLag> => {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  const partitions: PartitionLag[] = [];
  for (const topic of topics) {
    const ends = await admin.fetchTopicOffsets(topic);
    const byPartition = new Map(
      (committed.find((c) => c.topic === topic)?.partitions ?? []).map((p) => [p.partition, p.offset]),
    );
    for (const end of ends) {
      const committedOffset = byPartition.get(end.partition);
      const hasCommitted = committedOffset !== undefined && BigInt(committedOffset) >= 0n;
      const from = hasCommitted ? BigInt(committedOffset) : BigInt(end.low);
      const lag = BigInt(end.high) - from;
      partitions.push({
        topic,
        partition: end.partition,
        committedOffset: hasCommitted ? committedOffset : null,
        highWatermark: end.high,
        lag: Number(lag < 0n ? 0n : lag),
      });
    }
  }
  partitions.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  return { groupId, total: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
};
