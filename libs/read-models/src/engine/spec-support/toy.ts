/**
 * Toy events and projections for the engine's specs and benchmark (not exported from the
 * library). Real projections live beside their domain, built on the same engine.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventMetadata, EventStore, NewEvent, RecordedEvent } from '@gevinst/event-store';
import type { Projection } from '../projection';

export type Counted = RecordedEvent<'Counted', { amount: number }>;
export type Noted = RecordedEvent<'Noted', { text: string }>;

export type StreamCount = { count: number; lastPosition: string };
export type TypeSum = { events: number; sum: number };
export type Recent = { type: string };

/** Events per stream: `streams/<stream>`. */
export const streamCounter = (version = 1): Projection => ({
  name: 'stream-counter',
  version,
  apply(event, docs) {
    const current = docs.get<StreamCount>('streams', event.streamName);
    // Version 2 counts double: a different result from the same events.
    docs.put('streams', event.streamName, {
      count: (current?.count ?? 0) + version,
      lastPosition: event.position.toString(),
    });
  },
});

/** Per event type: number of events and sum of `amount`: `types/<type>`. */
export const sumPerType: Projection<Counted> = {
  name: 'sum-per-type',
  version: 1,
  handles: (type) => type === 'Counted',
  apply(event, docs) {
    const current = docs.get<TypeSum>('types', event.type) ?? { events: 0, sum: 0 };
    docs.put('types', event.type, { events: current.events + 1, sum: current.sum + event.data.amount });
  },
};

/**
 * The last three events of each stream: `recent/<stream>/<position, zero-padded>`. Exercises
 * list (with a prefix, seeing this batch's own puts) and delete.
 */
export const recentPerStream: Projection = {
  name: 'recent-per-stream',
  version: 1,
  apply(event, docs) {
    const prefix = `${event.streamName}/`;
    docs.put('recent', `${prefix}${event.position.toString().padStart(12, '0')}`, { type: event.type });
    const entries = docs.list<Recent>('recent', prefix);
    for (const entry of entries.slice(0, Math.max(0, entries.length - 3))) docs.delete('recent', entry.key);
  },
};

export const toyProjections = (): Projection[] => [streamCounter(), sumPerType, recentPerStream];

export const metadata = (overrides: Partial<EventMetadata> = {}): EventMetadata => ({
  actorId: 'tester',
  actorRole: 'admin',
  recordedAt: '2025-01-01T00:00:00.000Z',
  correlationId: randomUUID(),
  causationId: randomUUID(),
  commandId: randomUUID(),
  ...overrides,
});

/** One command's events (shared command id). */
export const counted = (amounts: readonly number[], meta: Partial<EventMetadata> = {}): NewEvent[] => {
  const shared = metadata(meta);
  return amounts.map((amount) => ({ type: 'Counted', data: { amount }, metadata: shared }));
};

export const noted = (text: string, meta: Partial<EventMetadata> = {}): NewEvent[] => [
  { type: 'Noted', data: { text }, metadata: metadata(meta) },
];

/**
 * Appends `count` events over `streams` streams, a Noted every 7th, in appends of up to
 * `perAppend` events (one stream each). Returns the last position.
 */
export const appendToyEvents = async (
  store: EventStore,
  count: number,
  options: { streams?: number; perAppend?: number; seed?: number } = {},
): Promise<bigint> => {
  const streams = options.streams ?? 10;
  const perAppend = options.perAppend ?? 5;
  let seed = options.seed ?? 1;
  let last = 0n;
  for (let written = 0; written < count; ) {
    const n = Math.min(perAppend, count - written);
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const stream = `counter-${(seed >>> 16) % streams}`; // the high bits of an LCG are the random ones
    const shared = metadata();
    const events: NewEvent[] = [];
    for (let i = 0; i < n; i++) {
      const k = written + i;
      events.push(
        k % 7 === 6
          ? { type: 'Noted', data: { text: `note ${k}` }, metadata: shared }
          : { type: 'Counted', data: { amount: (k % 13) - 4 }, metadata: shared },
      );
    }
    last = (await store.append(stream, events, { expectedRevision: 'any' })).position;
    written += n;
  }
  return last;
};

/** A fresh directory per test; `remove` deletes it. */
export const tempDir = (): { dir: string; file: (name: string) => string; remove: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), 'gevinst-read-models-'));
  return { dir, file: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
};

/** A recorded event made up in memory (for store-level specs that need no event log). */
export const recorded = (position: number, type: string, data: unknown, streamName = 'counter-1', recordedAt = '2025-01-01T00:00:00.000Z'): RecordedEvent => ({
  id: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: metadata({ recordedAt }),
  streamName,
  revision: BigInt(position),
  position: BigInt(position),
});

/** Ten made-up Counted events over two streams, the same on every call (ids aside). */
export const crashEvents = (): RecordedEvent[] =>
  Array.from({ length: 10 }, (_, i) => recorded(i + 1, 'Counted', { amount: i + 1 }, `counter-${i % 2}`));
