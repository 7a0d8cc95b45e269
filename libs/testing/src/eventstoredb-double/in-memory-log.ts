/**
 * The in-memory transaction log behind the EventStoreDB TEST DOUBLE.
 *
 * Plain TypeScript, no gRPC: the service handlers translate protocol messages into calls on this
 * class. It keeps the few rules of the real server that our adapter depends on and that a
 * client can observe over the wire; everything else is left out on purpose (see README.md).
 */

/** An event as the double stores it: bytes in, bytes out, like the server. */
export interface StoredEvent {
  readonly streamName: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  /** .NET ticks (100 ns) since the Unix epoch, as the server reports `created`. */
  readonly createdTicks: bigint;
  readonly customMetadata: Uint8Array;
  readonly data: Uint8Array;
  /**
   * Commit and prepare position. gRPC appends are implicit transactions, so on a real server
   * every event has its own log position with commit === prepare; the double does the same.
   */
  readonly position: bigint;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly customMetadata: Uint8Array;
  readonly data: Uint8Array;
}

export type ExpectedStreamState =
  | { readonly kind: 'any' }
  | { readonly kind: 'no-stream' }
  | { readonly kind: 'stream-exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

export type AppendOutcome =
  | {
      readonly kind: 'success';
      /** Revision of the last event in the stream after the append. */
      readonly currentRevision: bigint;
      /** Log position of the last event written; undefined for an idempotent no-op (the server sends NoPosition). */
      readonly position: bigint | undefined;
    }
  | {
      readonly kind: 'wrong-expected-version';
      /** The stream's last revision, or undefined when the stream does not exist. */
      readonly currentRevision: bigint | undefined;
    };

/** A log position as the protocol carries it. */
export interface LogPos {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export type ReadFrom<T> = T | 'start' | 'end';

export interface InMemoryLogOptions {
  /** Position of the first record. Real logs start small; set it above 2^53 to test bigint handling. */
  readonly firstPosition?: bigint;
  readonly now?: () => Date;
}

const compare = (a: LogPos, b: LogPos): number =>
  a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : a.prepare < b.prepare ? -1 : a.prepare > b.prepare ? 1 : 0;

const positionOf = (event: StoredEvent): LogPos => ({ commit: event.position, prepare: event.position });

export class InMemoryLog {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly appendListeners = new Set<() => void>();
  private nextPosition: bigint;
  private readonly now: () => Date;

  constructor(options: InMemoryLogOptions = {}) {
    this.nextPosition = options.firstPosition ?? 0n;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Appends atomically, with the server's expected-revision rules and its idempotency on event
   * ids (re-sending the same ids for the same expected revision succeeds without writing).
   */
  append(streamName: string, expected: ExpectedStreamState, events: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.streams.get(streamName) ?? [];
    const current = stream.length === 0 ? undefined : BigInt(stream.length - 1);

    const idempotent = this.idempotentOutcome(stream, expected, events);
    if (idempotent) return idempotent;

    const matches =
      expected.kind === 'any' ||
      (expected.kind === 'no-stream' && current === undefined) ||
      (expected.kind === 'stream-exists' && current !== undefined) ||
      (expected.kind === 'revision' && current === expected.revision);
    if (!matches) return { kind: 'wrong-expected-version', currentRevision: current };

    if (events.length === 0) {
      // The server acknowledges an empty append without writing (and without a position).
      return current === undefined
        ? { kind: 'success', currentRevision: -1n, position: undefined }
        : { kind: 'success', currentRevision: current, position: undefined };
    }

    const createdTicks = BigInt(this.now().getTime()) * 10_000n;
    let last: StoredEvent | undefined;
    for (const proposed of events) {
      const event: StoredEvent = {
        streamName,
        revision: BigInt(stream.length),
        id: proposed.id,
        type: proposed.type,
        contentType: proposed.contentType,
        createdTicks,
        customMetadata: proposed.customMetadata,
        data: proposed.data,
        position: this.nextPosition,
      };
      // Positions are byte offsets on a real server: increasing, with gaps. Mimic that, so no
      // caller can get away with assuming consecutive numbers.
      this.nextPosition += BigInt(
        128 + streamName.length + proposed.type.length + proposed.data.length + proposed.customMetadata.length,
      );
      stream.push(event);
      this.all.push(event);
      last = event;
    }
    this.streams.set(streamName, stream);
    for (const listener of [...this.appendListeners]) listener();
    return { kind: 'success', currentRevision: last!.revision, position: last!.position };
  }

  /** Events of a stream; undefined when the stream has no events (the server's StreamNotFound). */
  readStream(
    streamName: string,
    from: ReadFrom<bigint>,
    direction: 'forwards' | 'backwards',
    maxCount: bigint,
  ): StoredEvent[] | undefined {
    const stream = this.streams.get(streamName);
    if (!stream || stream.length === 0) return undefined;
    const result: StoredEvent[] = [];
    if (direction === 'forwards') {
      if (from === 'end') return [];
      let index = from === 'start' ? 0 : Number(from);
      for (; index < stream.length && BigInt(result.length) < maxCount; index++) result.push(stream[index]!);
    } else {
      const last = stream.length - 1;
      let index = from === 'end' ? last : from === 'start' ? 0 : Math.min(Number(from), last);
      for (; index >= 0 && BigInt(result.length) < maxCount; index--) result.push(stream[index]!);
    }
    return result;
  }

  /**
   * The global log. Forwards from a position is inclusive (an event exactly at the position is
   * returned), backwards from a position is exclusive, as on the server.
   */
  readAll(from: ReadFrom<LogPos>, direction: 'forwards' | 'backwards', maxCount: bigint): StoredEvent[] {
    const result: StoredEvent[] = [];
    if (direction === 'forwards') {
      if (from === 'end') return [];
      for (const event of this.all) {
        if (BigInt(result.length) >= maxCount) break;
        if (from === 'start' || compare(positionOf(event), from) >= 0) result.push(event);
      }
    } else {
      if (from === 'start') return [];
      for (let index = this.all.length - 1; index >= 0; index--) {
        if (BigInt(result.length) >= maxCount) break;
        const event = this.all[index]!;
        if (from === 'end' || compare(positionOf(event), from) < 0) result.push(event);
      }
    }
    return result;
  }

  /** Events strictly after a position (catch-up subscriptions are exclusive of their start). */
  allAfter(after: LogPos | 'start', limit: number): StoredEvent[] {
    const start = after === 'start' ? 0 : this.firstIndexAfter(after);
    return this.all.slice(start, start + limit);
  }

  /** Events of a stream strictly after a revision. */
  streamAfter(streamName: string, after: bigint | 'start', limit: number): StoredEvent[] {
    const stream = this.streams.get(streamName) ?? [];
    const start = after === 'start' ? 0 : Number(after) + 1;
    return stream.slice(start, start + limit);
  }

  /** Position of the last record, or undefined for an empty log. */
  head(): LogPos | undefined {
    const last = this.all[this.all.length - 1];
    return last ? positionOf(last) : undefined;
  }

  lastRevision(streamName: string): bigint | undefined {
    const stream = this.streams.get(streamName);
    return stream && stream.length > 0 ? BigInt(stream.length - 1) : undefined;
  }

  /** Called after every append that wrote something; returns the unsubscribe function. */
  onAppended(listener: () => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  private firstIndexAfter(after: LogPos): number {
    // Binary search: the log is sorted by position.
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compare(positionOf(this.all[mid]!), after) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private idempotentOutcome(
    stream: readonly StoredEvent[],
    expected: ExpectedStreamState,
    events: readonly ProposedEvent[],
  ): AppendOutcome | undefined {
    if (events.length === 0) return undefined;
    let start: number;
    if (expected.kind === 'revision' || expected.kind === 'no-stream') {
      // Same ids at the revisions right after the expected one: the write already happened.
      start = expected.kind === 'no-stream' ? 0 : Number(expected.revision) + 1;
    } else if (expected.kind === 'any') {
      // The server keeps recently written ids in a cache; the double remembers all of them.
      start = stream.findIndex((event) => event.id === events[0]!.id);
      if (start < 0) return undefined;
    } else {
      return undefined;
    }
    if (start + events.length > stream.length) return undefined;
    for (let i = 0; i < events.length; i++) {
      if (stream[start + i]!.id !== events[i]!.id) return undefined;
    }
    // The server reports the idempotent write with the original revision and no position.
    return { kind: 'success', currentRevision: BigInt(start + events.length - 1), position: undefined };
  }
}
