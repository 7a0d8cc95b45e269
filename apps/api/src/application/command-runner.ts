import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { departmentDecider, fold, municipalitySettingsDecider, type Actor, type Decider, type DomainEvent } from '@gevinst/domain';
import {
  EVENT_STORE,
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
} from '@gevinst/event-store';
import { Clock } from './clock';

/** What the HTTP layer knows about the request that carries a command. */
export interface RequestContext {
  actor: Actor;
  /** Idempotency key: the client's Idempotency-Key header, or a fresh uuid. */
  commandId: string;
  correlationId: string;
  /** The reason the person gave, if any. */
  reason?: string;
}

export interface CommandResult<E> {
  /** The events this command appended (or, for a re-sent command, the ones it appended first). */
  events: E[];
  /** The stream's revision after the command; the client's next If-Match. */
  revision: bigint | null;
  /** Global position of the last event; read models that reached it include this change. */
  position: bigint | null;
  duplicate: boolean;
}

export interface RunOptions<C, S, E extends DomainEvent> {
  streamName: string;
  decider: Decider<C, S, E>;
  /** Builds the command from the current state (so it can carry facts read from other streams). */
  command: C | ((state: S, events: readonly RecordedEvent[]) => C | Promise<C>);
  context: RequestContext;
  /** The revision the client saw (If-Match). A mismatch is a 409, not a retry. */
  expectedRevision?: bigint;
  /** Conflicts with concurrent writers are retried this many times when the client gave no If-Match. */
  maxRetries?: number;
}

/**
 * The write side of every aggregate: read the stream, fold, decide, append with the expected
 * revision. A conflict means someone else wrote first: re-read and decide again (bounded),
 * unless the client pinned a revision with If-Match, in which case it gets the conflict.
 */
@Injectable()
export class CommandRunner {
  /**
   * The decoded events of recently read streams, least recently used first. A read asks the
   * store only for the events after the last one held (streams only grow), so a long stream is
   * not read and parsed again for every command or query that folds it.
   */
  private readonly streams = new Map<string, readonly RecordedEvent[]>();
  /**
   * The folded state of recently read streams of FOLD_KEPT deciders, and how many events it
   * folds: the next read evolves it with the events appended since instead of folding the whole
   * stream again (every new or revised business case reads the municipality settings and the
   * departments it names; a department stream grows with every budget).
   */
  private readonly folds = new Map<string, { decider: object; first: RecordedEvent | undefined; count: number; state: unknown }>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly clock?: Clock,
  ) {}

  /**
   * The whole stream, as the store has it now: the events held from an earlier read plus those
   * appended since (read from the store). A fresh array each time; the events are shared and,
   * like all events, never changed.
   */
  async readStream(streamName: string): Promise<RecordedEvent[]> {
    return [...(await this.refresh(streamName))];
  }

  /**
   * The stream's last revision as the store has it now (null: no such stream). Asks the store
   * only for events after those held, like readStream.
   */
  async revision(streamName: string): Promise<bigint | null> {
    const events = await this.refresh(streamName);
    return events.length > 0 ? events[events.length - 1]!.revision : null;
  }

  /** The held events of the stream, brought up to date with the store (shared: do not change). */
  private async refresh(streamName: string): Promise<readonly RecordedEvent[]> {
    const held = this.streams.get(streamName);
    const next = held && held.length > 0 ? held[held.length - 1]!.revision + 1n : undefined;
    let events: readonly RecordedEvent[];
    if (held && next !== undefined) {
      const added = await this.store.readStream(streamName, { fromRevision: next });
      // Streams only grow; anything else (a store swapped under us) is read afresh.
      events = added.length === 0 ? held : added[0]!.revision === next ? [...held, ...added] : await this.store.readStream(streamName);
    } else {
      events = await this.store.readStream(streamName);
    }
    this.streams.delete(streamName);
    if (events.length > 0) {
      this.streams.set(streamName, events);
      if (this.streams.size > MAX_CACHED_STREAMS) this.streams.delete(this.streams.keys().next().value!);
    }
    return events;
  }

  async run<C, S, E extends DomainEvent>(options: RunOptions<C, S, E>): Promise<CommandResult<E>> {
    const maxRetries = options.expectedRevision === undefined ? (options.maxRetries ?? 5) : 0;
    for (let attempt = 0; ; attempt++) {
      const recorded = await this.readStream(options.streamName);
      const previous = recorded.filter((e) => e.metadata.commandId === options.context.commandId);
      if (previous.length > 0) {
        // A re-sent command: it already happened; answer as the first time.
        const last = previous[previous.length - 1]!;
        return { events: previous.map(toDomainEvent) as E[], revision: last.revision, position: last.position, duplicate: true };
      }
      const current = recorded.length > 0 ? recorded[recorded.length - 1]!.revision : null;
      if (options.expectedRevision !== undefined && options.expectedRevision !== current) {
        throw new WrongExpectedRevisionError(options.streamName, options.expectedRevision, current ?? 'no-stream');
      }
      const state = this.fold(options.streamName, options.decider, recorded);
      const command =
        typeof options.command === 'function'
          ? await (options.command as (s: S, e: readonly RecordedEvent[]) => C | Promise<C>)(state, recorded)
          : options.command;
      const events = options.decider.decide(command, state);
      if (events.length === 0) {
        return { events: [], revision: current, position: null, duplicate: false };
      }
      const metadata = this.metadata(options.context);
      try {
        const result = await this.store.append(
          options.streamName,
          events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata })),
          { expectedRevision: current ?? 'no-stream' },
        );
        return { events, revision: result.nextExpectedRevision, position: result.position, duplicate: result.duplicate };
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < maxRetries) {
          await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
          continue;
        }
        throw error;
      }
    }
  }

  /** Reads a stream and folds it (for queries that need one aggregate's current state). */
  async load<S, E>(streamName: string, decider: Pick<Decider<unknown, S, E>, 'evolve' | 'initialState'>): Promise<{ state: S; revision: bigint | null; events: RecordedEvent[] }> {
    const recorded = await this.readStream(streamName);
    return {
      state: this.fold(streamName, decider, recorded),
      revision: recorded.length > 0 ? recorded[recorded.length - 1]!.revision : null,
      events: recorded,
    };
  }

  /** fold(decider, events), from the state kept for the stream when the decider is one whose states are never changed in place. */
  private fold<S, E>(streamName: string, decider: Pick<Decider<unknown, S, E>, 'evolve' | 'initialState'>, recorded: readonly RecordedEvent[]): S {
    if (!FOLD_KEPT.has(decider)) return fold(decider, recorded.map(toDomainEvent) as E[]);
    const kept = this.folds.get(streamName);
    let state: S;
    // The same stream as folded before (its first event the same object: not read afresh) and no shorter.
    if (kept && kept.decider === decider && kept.first === recorded[0] && kept.count <= recorded.length) {
      state = kept.state as S;
      for (let i = kept.count; i < recorded.length; i++) state = decider.evolve(state, toDomainEvent(recorded[i]!) as E);
    } else {
      state = fold(decider, recorded.map(toDomainEvent) as E[]);
    }
    this.folds.delete(streamName);
    this.folds.set(streamName, { decider, first: recorded[0], count: recorded.length, state });
    if (this.folds.size > MAX_CACHED_STREAMS) this.folds.delete(this.folds.keys().next().value!);
    return state;
  }

  private metadata(context: RequestContext): EventMetadata {
    return {
      actorId: context.actor.id,
      actorRole: context.actor.role,
      recordedAt: this.clock ? this.clock.nowIso() : new Date().toISOString(),
      correlationId: context.correlationId,
      causationId: context.commandId,
      commandId: context.commandId,
      ...(context.reason ? { reason: context.reason } : {}),
    };
  }
}

/**
 * Deciders whose folded state CommandRunner keeps between reads: their evolve returns a new
 * state and never changes the one it is given, and no caller changes the state it gets.
 */
const FOLD_KEPT = new Set<object>([departmentDecider, municipalitySettingsDecider]);

/** Streams whose events CommandRunner keeps decoded (the least recently read are dropped). */
const MAX_CACHED_STREAMS = 5000;

export const toDomainEvent = (e: RecordedEvent): DomainEvent => ({ type: e.type, data: e.data });
