import type {
  AppendOptions,
  AppendResult,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  ScanAllOptions,
  SubscribeOptions,
  Subscription,
  LogPosition,
} from './event';

/**
 * The event store port. Every adapter (SQLite, EventStoreDB) passes the same contract suite
 * (libs/testing/src/event-store-contract.ts).
 *
 * Rules every adapter keeps:
 * - `append` writes all the events or none; conflicts throw WrongExpectedRevisionError.
 * - Idempotency: an append whose events carry a command id that was already appended writes
 *   nothing and returns the first append's result with `duplicate: true`, whatever the
 *   expected revision says. (All events of one append share one command id.)
 * - Nothing is ever updated or deleted.
 * - `subscribeToAll` delivers every event after the checkpoint exactly once, in log order,
 *   first from history (catch-up) and then live, without a gap at the switch.
 */
export interface EventStore {
  append(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;

  /** Events of one stream in revision order; an empty array when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** Events of the global log in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /**
   * Optional: the global log from `after` in position order, page after page, up to the head
   * as the scan finds it (or `toPosition`, or `maxCount` events): for reading much of the log
   * in one go (replays, rebuilds). A store may read ahead of the caller (the SQLite store, on a
   * thread of its own). Stop early by leaving the loop: that releases what the scan holds.
   * `scanLog` gives the same scan over any store, with readAll where a store has no scanAll.
   */
  scanAll?(options?: ScanAllOptions): AsyncIterable<RecordedEvent[]>;

  /** Position of the last event in the log, or 'start' when the log is empty. */
  headPosition(): Promise<LogPosition>;

  subscribeToAll(options: SubscribeOptions): Subscription;

  /** Releases connections and files. */
  close(): Promise<void>;
}

/** Injection token for the configured EventStore. */
export const EVENT_STORE = Symbol('EVENT_STORE');
