import { adoptDocument, assertName, compareKeys, normalizeDocument, sortKeys, type JsonValue } from './json';
import {
  listLimit,
  type DocumentEntry,
  type DocumentReader,
  type DocumentWriter,
  type ListOptions,
  type ProjectionCheckpoint,
} from './projection';
import { SortedKeys } from './sorted-keys';

/**
 * Read models in Maps: the target of as-of replays, verification rebuilds and what-if
 * replays. Behaves like the SQLite store (same JSON rules, same key order), nothing persists.
 */
export class MemoryDocumentStore implements DocumentReader {
  private readonly documents = new Map<string, Map<string, DocumentCollection>>();
  private readonly checkpoints = new Map<string, ProjectionCheckpoint>();

  /**
   * The writer a projection applies events through. `batched`: the caller ends the batch with
   * `flushProjection` before reading (as replays do), so the writer offers `batchState`.
   */
  writer(projection: string, options: { batched?: boolean } = {}): DocumentWriter {
    assertName('projection', projection);
    let collections = this.documents.get(projection);
    if (!collections) {
      collections = new Map();
      this.documents.set(projection, collections);
    }
    return options.batched ? new BatchedMemoryDocumentWriter(collections) : new MemoryDocumentWriter(collections);
  }

  /**
   * A copy that shares the (frozen) documents: writing to one never changes the other. Costs
   * one map entry per document, so a replay can go on from where another stopped. With
   * `projections`, only theirs.
   */
  copy(projections?: readonly string[]): MemoryDocumentStore {
    const copy = new MemoryDocumentStore();
    const wanted = (projection: string): boolean => projections === undefined || projections.includes(projection);
    for (const [projection, collections] of this.documents) {
      if (!wanted(projection)) continue;
      const copied = new Map<string, DocumentCollection>();
      for (const [name, collection] of collections) copied.set(name, collection.copy());
      copy.documents.set(projection, copied);
    }
    for (const [projection, checkpoint] of this.checkpoints) if (wanted(projection)) copy.checkpoints.set(projection, checkpoint);
    return copy;
  }

  setCheckpoint(projection: string, checkpoint: ProjectionCheckpoint): void {
    this.checkpoints.set(projection, checkpoint);
  }

  checkpoint(projection: string): ProjectionCheckpoint | undefined {
    return this.checkpoints.get(projection);
  }

  get<T extends JsonValue = JsonValue>(projection: string, collection: string, key: string): T | undefined {
    return this.documents.get(projection)?.get(collection)?.get(key) as T | undefined;
  }

  list<T extends JsonValue = JsonValue>(projection: string, collection: string, options: ListOptions = {}): Array<DocumentEntry<T>> {
    assertName('prefix', options.prefix ?? '');
    return this.documents.get(projection)?.get(collection)?.list<T>(options) ?? [];
  }

  /** Names of the projections that have written documents or have a checkpoint here. */
  projections(): string[] {
    return [...new Set([...this.documents.keys(), ...this.checkpoints.keys()])].sort(compareKeys);
  }

  /** Every document of a projection, ordered by collection, then key. */
  *entries(projection: string): Generator<{ collection: string; key: string; doc: JsonValue }> {
    const collections = this.documents.get(projection);
    if (!collections) return;
    for (const collection of [...collections.keys()].sort(compareKeys)) {
      for (const { key, doc } of collections.get(collection)!.list({})) yield { collection, key, doc };
    }
  }
}

/**
 * One collection's documents. The keys are kept sorted only once the collection is listed
 * (then updated on each insert and delete), so a list costs O(log n + k) like SQLite's
 * index, and a collection that is never listed costs nothing extra.
 */
class DocumentCollection {
  private sortedKeys: SortedKeys | undefined;

  constructor(private readonly docs = new Map<string, JsonValue>()) {}

  copy(): DocumentCollection {
    return new DocumentCollection(new Map(this.docs));
  }

  get(key: string): JsonValue | undefined {
    return this.docs.get(key);
  }

  set(key: string, doc: JsonValue): void {
    if (this.sortedKeys && !this.docs.has(key)) this.sortedKeys.insert(key);
    this.docs.set(key, doc);
  }

  delete(key: string): void {
    if (this.docs.delete(key) && this.sortedKeys) this.sortedKeys.remove(key);
  }

  list<T extends JsonValue>(options: ListOptions): Array<DocumentEntry<T>> {
    const { prefix = '', after } = options;
    const limit = listLimit(options);
    const keys = (this.sortedKeys ??= SortedKeys.of(sortKeys([...this.docs.keys()])));
    const entries: Array<DocumentEntry<T>> = [];
    if (limit <= 0) return entries;
    const fromAfter = after !== undefined && compareKeys(after, prefix) >= 0;
    keys.scan(fromAfter ? after : prefix, !fromAfter, (key) => {
      if (!key.startsWith(prefix)) return false;
      entries.push({ key, doc: this.docs.get(key) as T });
      return entries.length < limit;
    });
    return entries;
  }
}

class MemoryDocumentWriter implements DocumentWriter {
  constructor(private readonly collections: Map<string, DocumentCollection>) {}

  protected normalize(doc: JsonValue): JsonValue {
    return normalizeDocument(doc);
  }

  get<T extends JsonValue = JsonValue>(collection: string, key: string): T | undefined {
    return this.collections.get(collection)?.get(key) as T | undefined;
  }

  put(collection: string, key: string, doc: JsonValue): void {
    assertName('collection', collection);
    assertName('key', key);
    const normalized = this.normalize(doc);
    let documents = this.collections.get(collection);
    if (!documents) {
      documents = new DocumentCollection();
      this.collections.set(collection, documents);
    }
    documents.set(key, normalized);
  }

  delete(collection: string, key: string): void {
    assertName('collection', collection);
    assertName('key', key);
    this.collections.get(collection)?.delete(key);
  }

  list<T extends JsonValue = JsonValue>(collection: string, prefix = ''): ReadonlyArray<DocumentEntry<T>> {
    assertName('prefix', prefix);
    return this.collections.get(collection)?.list<T>({ prefix }) ?? [];
  }
}

/**
 * The writer of in-memory replays: documents are checked as everywhere, but frozen in place
 * rather than copied (see adoptDocument), and it offers batch state (the replay flushes).
 */
class BatchedMemoryDocumentWriter extends MemoryDocumentWriter {
  private readonly states = new Map<object, unknown>();

  protected override normalize(doc: JsonValue): JsonValue {
    return adoptDocument(doc);
  }

  batchState<T>(owner: object, create: () => T): T {
    let state = this.states.get(owner) as T | undefined;
    if (state === undefined) {
      state = create();
      this.states.set(owner, state);
    }
    return state;
  }
}
