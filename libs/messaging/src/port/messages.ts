/**
 * The messaging port: what the relay and the measurement consumer need from a broker, and no
 * more. kafkajs (unmaintained upstream) lives behind it in ../kafkajs; another client can
 * replace it without touching the relay or the consumer.
 */

/** Header values are strings on our side of the port (UTF-8 on the wire). */
export type MessageHeaders = Readonly<Record<string, string>>;

/** A message to publish. Messages with the same key go to the same partition, in order. */
export interface OutgoingMessage {
  topic: string;
  /** Partitioning key; null spreads messages over partitions. */
  key: string | null;
  value: Buffer | string;
  headers?: MessageHeaders;
}

export interface MessagePublisher {
  /**
   * Publishes the messages and resolves only once the broker has acknowledged every one of
   * them (all in-sync replicas). Rejects when any was not acknowledged; the caller may then
   * publish the same messages again (at-least-once: consumers de-duplicate by id).
   * Messages of one key keep their relative order.
   */
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

/** A message as consumed. Offsets are decimal strings (Kafka offsets are 64-bit). */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: MessageHeaders;
  /** Broker or producer timestamp, milliseconds since the epoch, as a decimal string. */
  timestamp: string;
}

/** What a batch handler can do while it works through a batch. */
export interface BatchControl {
  /** Tells the group this member is alive; call it during long work. May throw on a rebalance. */
  heartbeat(): Promise<void>;
  /** The message is done with: its offset + 1 will be committed. Call in order. */
  markProcessed(message: ConsumedMessage): void;
  /**
   * False once the consumer is stopping or the batch's partition was taken away by a rebalance:
   * stop then, without marking further messages (they will be delivered again).
   */
  shouldContinue(): boolean;
  /** Commits the marked offsets now if the consumer's commit policy says so. */
  commitIfNecessary(): Promise<void>;
}

/** Handles one batch of one partition, in offset order. */
export type BatchHandler = (messages: readonly ConsumedMessage[], control: BatchControl) => Promise<void>;

export interface ConsumeOptions {
  topics: readonly string[];
  /** Where a group without committed offsets starts: the oldest message (true) or new ones. */
  fromBeginning: boolean;
  handler: BatchHandler;
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Next offset the group will read (committed), or null when the group committed nothing. */
  committedOffset: string | null;
  /** Offset the next produced message will get. */
  highWatermark: string;
  /** Messages not yet committed by the group. */
  lag: number;
}

export interface ConsumerLag {
  groupId: string;
  /** Sum over partitions. */
  total: number;
  partitions: PartitionLag[];
}

export interface MessageConsumer {
  /** Joins the group and starts handling batches; resolves once running. */
  start(options: ConsumeOptions): Promise<void>;
  /** Finishes the batch in flight (handlers see shouldContinue() === false), commits, leaves. */
  stop(): Promise<void>;
  /** The group's committed position against the partitions' ends. */
  lag(): Promise<ConsumerLag>;
}
