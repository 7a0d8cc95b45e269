/**
 * What this process knows about the tail of recently used streams: up to which revision it has
 * seen a stream, and which commands appended its last events (with each command's first result).
 *
 * Every entry is a fact about history, and history is immutable: the events up to `lastRevision`
 * stay what they were, whoever writes after them. So the cache never goes stale in a way that
 * matters; it only falls behind, and an append with an exact expected revision tells whether
 * anything was written after `lastRevision` (it conflicts). This is what lets an append skip the
 * read of the stream tail in the common case: the handler has just read the stream and appends
 * at its last revision.
 */

export interface FirstResult {
  readonly nextExpectedRevision: bigint;
  readonly position: bigint;
}

/** One event of a stream as the cache needs it. */
export interface TailEvent {
  readonly revision: bigint;
  readonly commandId: string | undefined;
  readonly position: bigint;
}

interface Tail {
  /** The stream's last revision when last seen (-1 for a stream without events). */
  lastRevision: bigint;
  /** Commands of the known tail, each with the revision and position of its last event. */
  readonly commands: Map<string, FirstResult>;
}

export class StreamTailCache {
  private readonly tails = new Map<string, Tail>();

  constructor(
    /** Commands remembered per stream (the idempotency window). */
    private readonly window: number,
    /** Streams remembered (least recently used are forgotten first). */
    private readonly maxStreams: number,
  ) {}

  /** The stream's last revision as last seen, or undefined when unknown. */
  lastRevision(streamName: string): bigint | undefined {
    return this.tails.get(streamName)?.lastRevision;
  }

  /** The first result of `commandId` in the stream, when the known tail contains it. */
  commandResult(streamName: string, commandId: string): FirstResult | undefined {
    const tail = this.tails.get(streamName);
    if (!tail) return undefined;
    this.touch(streamName, tail);
    return tail.commands.get(commandId);
  }

  /**
   * The stream's newest events (ascending), ending at its last revision at the time of reading,
   * and covering either the whole stream or at least the window.
   */
  rememberTail(streamName: string, ascending: readonly TailEvent[]): void {
    const tail: Tail = { lastRevision: ascending[ascending.length - 1]?.revision ?? -1n, commands: new Map() };
    for (const event of ascending.slice(-this.window)) this.add(tail, event);
    this.touch(streamName, tail);
  }

  /**
   * An append of `count` events by `commandId` succeeded, its last event at `last`. The tail
   * grows when the append followed the known tail directly; otherwise events of others may sit
   * in between, and the stream is forgotten.
   */
  rememberAppend(streamName: string, commandId: string, count: number, last: FirstResult): void {
    const tail = this.tails.get(streamName);
    const firstRevision = last.nextExpectedRevision - BigInt(count) + 1n;
    if (firstRevision === 0n) {
      // We created the stream: its whole history is this append.
      this.rememberTail(streamName, [{ revision: last.nextExpectedRevision, commandId, position: last.position }]);
      return;
    }
    if (!tail || tail.lastRevision !== firstRevision - 1n) {
      this.tails.delete(streamName);
      return;
    }
    this.add(tail, { revision: last.nextExpectedRevision, commandId, position: last.position });
    tail.lastRevision = last.nextExpectedRevision;
    this.touch(streamName, tail);
  }

  private add(tail: Tail, event: TailEvent): void {
    if (event.commandId === undefined) return;
    // A command's result is its last event: a later event of the same command replaces it.
    tail.commands.delete(event.commandId);
    tail.commands.set(event.commandId, { nextExpectedRevision: event.revision, position: event.position });
    while (tail.commands.size > this.window) {
      tail.commands.delete(tail.commands.keys().next().value!);
    }
  }

  private touch(streamName: string, tail: Tail): void {
    this.tails.delete(streamName);
    this.tails.set(streamName, tail);
    while (this.tails.size > this.maxStreams) {
      this.tails.delete(this.tails.keys().next().value!);
    }
  }
}
