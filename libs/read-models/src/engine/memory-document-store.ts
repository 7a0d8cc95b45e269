import { assertName, compareKeys, normalizeDocument, type JsonValue } from './json';
import type {
  DocumentEntry,
  DocumentReader,
  DocumentWriter,
  ListOptions,
  ProjectionCheckpoint,
} from './projection';

type Collections = Map<string, Map<string, JsonValue>>;

/**
 * Read models in Maps: the target of as-of replays, verification rebuilds and what-if
 * replays. Behaves like the SQLite store (same JSON rules, same key order), nothing persists.
 */
export class MemoryDocumentStore implements DocumentReader {
  private readonly documents = new Map<string, Collections>();
  private readonly checkpoints = new Map<string, ProjectionCheckpoint>();

  /** The writer a projection applies events through. */
  writer(projection: string): DocumentWriter {
    assertName('projection', projection);
    let collections = this.documents.get(projection);
    if (!collections) {
      collections = new Map();
      this.documents.set(projection, collections);
    }
    return new MemoryDocumentWriter(collections);
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
    const { prefix = '', after, limit = Infinity } = options;
    const entries = listSorted<T>(this.documents.get(projection)?.get(collection), prefix);
    const start = after === undefined ? 0 : entries.findIndex((entry) => compareKeys(entry.key, after) > 0);
    if (start < 0) return [];
    return entries.slice(start, limit === Infinity ? undefined : start + limit);
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
      for (const { key, doc } of listSorted(collections.get(collection), '')) yield { collection, key, doc };
    }
  }
}

class MemoryDocumentWriter implements DocumentWriter {
  constructor(private readonly collections: Collections) {}

  get<T extends JsonValue = JsonValue>(collection: string, key: string): T | undefined {
    return this.collections.get(collection)?.get(key) as T | undefined;
  }

  put(collection: string, key: string, doc: JsonValue): void {
    assertName('collection', collection);
    assertName('key', key);
    const normalized = normalizeDocument(doc);
    let documents = this.collections.get(collection);
    if (!documents) {
      documents = new Map();
      this.collections.set(collection, documents);
    }
    documents.set(key, normalized);
  }

  delete(collection: string, key: string): void {
    const documents = this.collections.get(collection);
    if (!documents) return;
    documents.delete(key);
    if (documents.size === 0) this.collections.delete(collection);
  }

  list<T extends JsonValue = JsonValue>(collection: string, prefix = ''): ReadonlyArray<DocumentEntry<T>> {
    assertName('prefix', prefix);
    return listSorted<T>(this.collections.get(collection), prefix);
  }
}

const listSorted = <T extends JsonValue>(documents: Map<string, JsonValue> | undefined, prefix: string): Array<DocumentEntry<T>> => {
  if (!documents) return [];
  const entries: Array<DocumentEntry<T>> = [];
  for (const [key, doc] of documents) {
    if (key.startsWith(prefix)) entries.push({ key, doc: doc as T });
  }
  return entries.sort((a, b) => compareKeys(a.key, b.key));
};
