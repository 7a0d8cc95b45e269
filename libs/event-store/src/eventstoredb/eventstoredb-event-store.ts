/**
 * The EventStore port on EventStoreDB, through the official Node client (@eventstore/db-client).
 *
 * POSITIONS. Our global `position` is the event's *commit position* in $all (a byte offset in
 * the server's transaction log: increasing, with gaps, bigint). gRPC appends are implicit
 * transactions in which every event has its own log record and commit === prepare, so the
 * commit position alone identifies an event, and { commit: p, prepare: p } is the client-side
 * Position of the event at p. Servers since 22.6 also report it on stream reads (older ones send
 * ulong.MaxValue there, which this adapter refuses with EventStoreUnavailableError).
 * - readAll({ after: p }): the server reads $all forwards *inclusively* from a position, so the
 *   adapter reads from p and skips the event exactly at p (and anything before it). p must be a
 *   position this store returned: a real server may refuse a position that is not the start of a
 *   record in its log.
 * - subscribeToAll({ after: p }): a catch-up subscription starts *strictly after* its position;
 *   the adapter still skips anything at or before its checkpoint, so neither a server that
 *   repeats the start event nor a resubscription can deliver an event twice.
 * - headPosition(): $all read backwards from the end, skipping system events.
 * System events ($-prefixed types, or any event in a $-prefixed stream) never reach the caller:
 * readAll and headPosition skip them, subscriptions filter them on the server (event type) and
 * here (stream name).
 *
 * IDEMPOTENCY. All events of one append carry one command id. Without an id of their own, the
 * events get name-based ids (uuid v5 of command id + index), so a re-sent command has the same
 * ids and EventStoreDB's own idempotency on event ids recognises it too. The port asks for more
 * (a re-send with a stale revision, or with fresh event ids, must also answer the first result),
 * so the adapter looks for the command id in the stream itself:
 * - before appending, among the commands of the stream's tail (its last `idempotencyWindow`
 *   events). That tail is remembered per stream (stream-tail-cache.ts) from the handler's own
 *   readStream and from our appends, so the usual "read the stream, append at its last revision"
 *   costs no extra read; otherwise (expected 'any'/'exists', or a revision beyond what is known)
 *   one backwards read of the window. Expected 'no-stream' never needs it;
 * - after a WrongExpectedVersion, in the whole stream (a re-sent command with a stale revision);
 * - after an append the server acknowledged without a position (its idempotent no-op).
 * The stream tail, not an index stream, because EventStoreDB cannot write two streams
 * atomically: an index written beside the events could say a command happened when it did not
 * (or miss one). The stream is the truth. The limit: a command re-sent after more than
 * `idempotencyWindow` later commands in the same stream, with an expected revision that still
 * matches, is appended again. A command id is looked for in the stream it is appended to only.
 */
import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AppendExpectedRevision,
  type RecordedEvent as EsdbRecordedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendOptions,
  AppendResult,
  ExpectedRevision,
  LogPosition,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event';
import type { EventStore } from '../event-store.port';
import { EventStoreDbAllSubscription } from './all-subscription';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { toStoreError } from './error-mapping';
import { commitPositionOf, isSystemEvent, readMetadata, toEventData, toRecordedEvent } from './event-mapping';
import { consoleLogger, type EventStoreDbLogger } from './logger';
import { StreamTailCache, type FirstResult, type TailEvent } from './stream-tail-cache';

export interface EventStoreDbEventStoreOptions {
  /** The esdb:// connection string (EVENTSTORE_URL), e.g. `esdb://localhost:2113?tls=false`. */
  readonly connectionString: string;
  /** How many of a stream's latest events are searched for a re-sent command id before appending. Default 64. */
  readonly idempotencyWindow?: number;
  /** How many streams' tails are remembered to skip the pre-append read (see stream-tail-cache.ts). Default 1000. */
  readonly tailCacheStreams?: number;
  /** Backoff of a dropped subscription's resubscription. */
  readonly resubscribe?: Partial<BackoffPolicy>;
  readonly logger?: EventStoreDbLogger;
}

const DEFAULT_IDEMPOTENCY_WINDOW = 64;
const DEFAULT_READ_ALL_MAX_COUNT = 1000;
/** Largest page the adapter asks the server for. */
const PAGE_LIMIT = 1000;
/** Page size when walking $all backwards for the head (system events such as $statsCollected may sit on top). */
const HEAD_PAGE = 32;
/** Page size when walking a whole stream backwards for a command id. */
const SCAN_PAGE = 256;

const tailEventOf = (event: RecordedEvent): TailEvent => ({
  revision: event.revision,
  commandId: event.metadata.commandId,
  position: event.position,
});

const toClientExpectedRevision = (expected: ExpectedRevision): AppendExpectedRevision => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'exists':
      return STREAM_EXISTS;
    default:
      if (expected < 0n) throw new RangeError(`expectedRevision must not be negative, got ${expected}`);
      return expected;
  }
};

export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly idempotencyWindow: number;
  private readonly backoff: BackoffPolicy;
  private readonly logger: EventStoreDbLogger;
  private readonly subscriptions = new Set<EventStoreDbAllSubscription>();
  private readonly tails: StreamTailCache;
  private closing: Promise<void> | undefined;

  constructor(options: EventStoreDbEventStoreOptions) {
    // Parses (and validates) the connection string; connects lazily on the first call.
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.idempotencyWindow = Math.max(1, Math.floor(options.idempotencyWindow ?? DEFAULT_IDEMPOTENCY_WINDOW));
    this.tails = new StreamTailCache(this.idempotencyWindow, Math.max(0, options.tailCacheStreams ?? 1000));
    this.backoff = { ...DEFAULT_BACKOFF, ...options.resubscribe };
    this.logger = options.logger ?? consoleLogger;
  }

  async append(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    const { expectedRevision } = options;
    if (events.length === 0) throw new RangeError(`Append to ${streamName}: no events`);
    const commandId = events[0]!.metadata.commandId;
    if (events.some((event) => event.metadata.commandId !== commandId)) {
      throw new RangeError(`Append to ${streamName}: all events of one append must carry the same command id`);
    }
    // Serialise every event before anything is sent: a bad one fails the append, writing nothing.
    const eventData = events.map((event, index) => toEventData(event, index));
    const clientExpected = toClientExpectedRevision(expectedRevision);

    try {
      const known = this.tails.commandResult(streamName, commandId);
      if (known) return { ...known, duplicate: true };
      if (this.mustReadTail(streamName, expectedRevision)) {
        const earlier = await this.readTail(streamName, commandId);
        if (earlier) return { ...earlier, duplicate: true };
      }

      let appended;
      try {
        appended = await this.client.appendToStream(streamName, eventData, { expectedRevision: clientExpected });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // Perhaps a re-sent command with a stale revision, its first append beyond the window.
        const first = await this.findCommand(streamName, commandId, Number.POSITIVE_INFINITY);
        if (first) return { ...first, duplicate: true };
        throw new WrongExpectedRevisionError(
          streamName,
          expectedRevision,
          error.actualVersion === NO_STREAM ? 'no-stream' : error.actualVersion,
        );
      }

      if (!appended.position) {
        // The server recognised the event ids and wrote nothing (its idempotent no-op).
        const first = await this.findCommand(streamName, commandId, Number.POSITIVE_INFINITY);
        if (first) return { ...first, duplicate: true };
        throw new EventStoreUnavailableError(
          `EventStoreDB acknowledged the append to ${streamName} without a position, and command ${commandId} is not in the stream`,
        );
      }
      const result = { nextExpectedRevision: appended.nextExpectedRevision, position: appended.position.commit };
      this.tails.rememberAppend(streamName, commandId, events.length, result);
      return { ...result, duplicate: false };
    } catch (error) {
      throw toStoreError(error, `append to ${streamName}`);
    }
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const from = options.fromRevision ?? 0n;
    if (from < 0n) throw new RangeError(`fromRevision must not be negative, got ${from}`);
    let count: bigint | undefined = options.maxCount === undefined ? undefined : BigInt(Math.floor(options.maxCount));
    if (options.toRevision !== undefined) {
      const span = options.toRevision - from + 1n;
      count = count === undefined || span < count ? span : count;
    }
    if (count !== undefined && count <= 0n) return [];

    try {
      const events = await this.collect(
        this.client.readStream(streamName, {
          fromRevision: from,
          direction: FORWARDS,
          ...(count === undefined ? {} : { maxCount: count }),
        }),
      );
      const recorded = events.map(toRecordedEvent);
      // A read to the end that covers the window tells what the stream's tail is.
      if (count === undefined && recorded.length > 0 && (from === 0n || recorded.length >= this.idempotencyWindow)) {
        this.tails.rememberTail(streamName, recorded.map(tailEventOf));
      }
      return recorded;
    } catch (error) {
      throw toStoreError(error, `read of ${streamName}`);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? 'start';
    const maxCount = Math.floor(options.maxCount ?? DEFAULT_READ_ALL_MAX_COUNT);
    if (maxCount <= 0) return [];
    // One more than asked for: the first event read may be the one exactly at `after`.
    const pageSize = Math.min(maxCount + 1, PAGE_LIMIT);

    try {
      const result: RecordedEvent[] = [];
      let cursor = after === 'start' ? undefined : { commit: after, prepare: after };
      let last: bigint | undefined = after === 'start' ? undefined : after;
      for (;;) {
        const page = await this.collect(
          this.client.readAll({ fromPosition: cursor ?? 'start', direction: FORWARDS, maxCount: pageSize }),
        );
        for (const event of page) {
          const position = event.position.commit;
          if (last !== undefined && position <= last) continue; // inclusive start, or a page boundary
          last = position;
          if (isSystemEvent(event.type, event.streamId)) continue;
          result.push(toRecordedEvent(event));
          if (result.length === maxCount) return result;
        }
        if (page.length < pageSize) return result;
        cursor = page[page.length - 1]!.position;
      }
    } catch (error) {
      throw toStoreError(error, 'read of $all');
    }
  }

  async headPosition(): Promise<LogPosition> {
    this.assertOpen();
    try {
      let cursor: { commit: bigint; prepare: bigint } | undefined;
      for (;;) {
        const page = await this.collect(
          this.client.readAll({ fromPosition: cursor ?? END, direction: BACKWARDS, maxCount: HEAD_PAGE }),
        );
        for (const event of page) {
          if (cursor && event.position.commit >= cursor.commit) continue;
          if (!isSystemEvent(event.type, event.streamId)) return event.position.commit;
        }
        if (page.length < HEAD_PAGE) return 'start';
        cursor = page[page.length - 1]!.position;
      }
    } catch (error) {
      throw toStoreError(error, 'read of the head of $all');
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = new EventStoreDbAllSubscription(
      {
        client: this.client,
        backoff: this.backoff,
        logger: this.logger,
        headPosition: () => this.headPosition(),
        onStopped: (stopped) => this.subscriptions.delete(stopped),
      },
      options,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
      await this.client.dispose();
    })();
    return this.closing;
  }

  /**
   * Whether the stream's tail must be read before appending, to find an earlier append of the
   * same command. Not when the server's expected-revision check covers it: with 'no-stream' the
   * append either creates the stream (so the command cannot be in it) or conflicts (and the
   * conflict is checked); with a revision at or before the known tail's last revision, the
   * known tail already answered (or the append conflicts).
   */
  private mustReadTail(streamName: string, expected: ExpectedRevision): boolean {
    if (expected === 'no-stream') return false;
    if (expected === 'any' || expected === 'exists') return true;
    const known = this.tails.lastRevision(streamName);
    return known === undefined || known < expected;
  }

  /** Reads the stream's last `idempotencyWindow` events, remembers them, and looks for the command. */
  private async readTail(streamName: string, commandId: string): Promise<FirstResult | undefined> {
    const newestFirst: EsdbRecordedEvent[] = await this.collect(
      this.client.readStream(streamName, { fromRevision: END, direction: BACKWARDS, maxCount: this.idempotencyWindow }),
    );
    const tail = newestFirst.map(
      (event): TailEvent => ({
        revision: event.revision,
        commandId: readMetadata(event.metadata)?.commandId,
        position: commitPositionOf(event.position, event.id),
      }),
    );
    this.tails.rememberTail(streamName, tail.reverse());
    return this.tails.commandResult(streamName, commandId);
  }

  /**
   * The first append of `commandId` in the stream, searched backwards from the end over at most
   * `limit` events: the revision and position of its last event, as its AppendResult reported.
   */
  private async findCommand(streamName: string, commandId: string, limit: number): Promise<FirstResult | undefined> {
    let from: bigint | typeof END = END;
    let scanned = 0;
    while (scanned < limit) {
      const pageSize = Math.min(limit - scanned, SCAN_PAGE);
      const page: EsdbRecordedEvent[] = await this.collect(
        this.client.readStream(streamName, { fromRevision: from, direction: BACKWARDS, maxCount: pageSize }),
      );
      for (const event of page) {
        if (readMetadata(event.metadata)?.commandId === commandId) {
          return { nextExpectedRevision: event.revision, position: commitPositionOf(event.position, event.id) };
        }
      }
      scanned += page.length;
      const oldest = page[page.length - 1];
      if (page.length < pageSize || !oldest || oldest.revision === 0n) return undefined;
      from = oldest.revision - 1n;
    }
    return undefined;
  }

  /** Drains a read; a stream that does not exist reads as empty. */
  private async collect<E extends EsdbRecordedEvent>(read: StreamingRead<{ event?: E }>): Promise<E[]> {
    const events: E[] = [];
    try {
      for await (const resolved of read) {
        if (resolved.event) events.push(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  private assertOpen(): void {
    if (this.closing) throw new EventStoreUnavailableError('The EventStoreDB event store is closed');
  }
}
