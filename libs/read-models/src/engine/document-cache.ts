import type { JsonValue } from './json';

/** A cached "no such document". */
export const ABSENT: unique symbol = Symbol('absent');

interface Cached {
  readonly doc: JsonValue | typeof ABSENT;
  readonly size: number;
}

/**
 * Parsed (frozen) documents of a SqliteDocumentStore, kept across batches and reads so that a
 * document read again is not fetched and parsed again, least recently used dropped first
 * beyond `maxBytes` (counted as the length of their JSON text). It only ever holds what is
 * committed: what a read returned, and what a batch wrote once its transaction committed.
 * Valid only while no other connection writes the store's documents, or while every such write
 * is reported (SqliteDocumentStore.forget) before the documents are read again.
 */
export class DocumentCache {
  private readonly entries = new Map<string, Cached>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  get(projection: string, collection: string, key: string): JsonValue | typeof ABSENT | undefined {
    const at = slot(projection, collection, key);
    const cached = this.entries.get(at);
    if (cached === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last.
    this.entries.delete(at);
    this.entries.set(at, cached);
    return cached.doc;
  }

  set(projection: string, collection: string, key: string, doc: JsonValue | typeof ABSENT, size: number): void {
    const at = slot(projection, collection, key);
    this.drop(at);
    const cost = size + at.length;
    if (cost > this.maxBytes) return;
    this.entries.set(at, { doc, size: cost });
    this.bytes += cost;
    while (this.bytes > this.maxBytes) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.bytes -= entry.size;
    }
  }

  /** Drops the document (another connection wrote it). */
  delete(projection: string, collection: string, key: string): void {
    this.drop(slot(projection, collection, key));
  }

  private drop(at: string): void {
    const before = this.entries.get(at);
    if (!before) return;
    this.bytes -= before.size;
    this.entries.delete(at);
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): { documents: number; bytes: number } {
    return { documents: this.entries.size, bytes: this.bytes };
  }
}

/** Unambiguous for any names (each part but the last is length-prefixed). */
const slot = (projection: string, collection: string, key: string): string => `${projection.length}:${projection}${collection.length}:${collection}${key}`;
