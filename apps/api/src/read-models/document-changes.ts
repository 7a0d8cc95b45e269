import type { DocumentEntry, DocumentWriter, JsonValue, Projection } from '@gevinst/read-models';

type Listener = (key: string) => void;

/**
 * Which read-model documents the live projections have written, as they write them: a
 * generation per projection collection, and listeners per collection told each key. Caches of
 * serialised responses key on these generations, so a change to one collection invalidates
 * only what was built from it.
 *
 * Projections on this thread (track): a write is reported inside the batch's transaction, before
 * its COMMIT (all synchronous, so no read can run in between): a cache built after the report
 * reads the committed documents. If the batch then rolls back, the change was reported for
 * nothing — a cache is rebuilt from the unchanged documents, never left stale. Projections in
 * their own thread (ProjectionThread): the writes of each batch are reported (written) once it
 * has committed.
 */
export class DocumentChanges {
  private readonly generations = new Map<string, number>();
  /** Per collection, per key: the write count of the collection when the key was last written. */
  private readonly keyGenerations = new Map<string, Map<string, number>>();
  private readonly listeners = new Map<string, Set<Listener>>();

  /** Bumped on every write to the collection (starts at 0). */
  generation(projection: string, collection: string): number {
    return this.generations.get(slot(projection, collection)) ?? 0;
  }

  /** Changes (only ever grows) on every write of this one document; 0 while it was never written here. */
  keyGeneration(projection: string, collection: string, key: string): number {
    return this.keyGenerations.get(slot(projection, collection))?.get(key) ?? 0;
  }

  /** Calls `listener` with the key of every document written to the collection. */
  onWrite(projection: string, collection: string, listener: Listener): () => void {
    const at = slot(projection, collection);
    let set = this.listeners.get(at);
    if (!set) this.listeners.set(at, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  written(projection: string, collection: string, key: string): void {
    const at = slot(projection, collection);
    const generation = (this.generations.get(at) ?? 0) + 1;
    this.generations.set(at, generation);
    let keys = this.keyGenerations.get(at);
    if (!keys) this.keyGenerations.set(at, (keys = new Map()));
    keys.set(key, generation);
    const set = this.listeners.get(at);
    if (set) for (const listener of set) listener(key);
  }

  /** The projection as the live runner should run it: the same, with its writes reported here. */
  track(projection: Projection): Projection {
    return trackWrites(projection, (collection, key) => this.written(projection.name, collection, key));
  }
}

/**
 * The projection with every document it writes (put or delete) reported to `report`, as it
 * writes it (inside the batch's transaction, before COMMIT).
 */
export const trackWrites = (projection: Projection, report: (collection: string, key: string) => void): Projection => {
  const handles = projection.handles?.bind(projection);
  const flush = projection.flush?.bind(projection);
  return {
    name: projection.name,
    version: projection.version,
    ...(handles ? { handles } : {}),
    apply: (event, docs) => projection.apply(event, reporting(docs, report)),
    // Work a projection puts off to the end of a batch writes through the same reporting writer.
    ...(flush ? { flush: (docs: DocumentWriter) => flush(reporting(docs, report)) } : {}),
  };
};

const reporting = (docs: DocumentWriter, report: (collection: string, key: string) => void): DocumentWriter => {
  const writer = new ReportingWriter(docs, report);
  // The engine's own writers keep per-batch scratch state (DocumentWriter.batchState): offer it
  // through, so the projection may still put work off to its flush.
  if (docs.batchState) {
    const batchState = docs.batchState.bind(docs);
    return Object.assign(writer, { batchState: <T>(owner: object, create: () => T): T => batchState(owner, create) });
  }
  return writer;
};

const slot = (projection: string, collection: string): string => `${projection}\u0000${collection}`;

class ReportingWriter implements DocumentWriter {
  constructor(
    private readonly docs: DocumentWriter,
    private readonly report: (collection: string, key: string) => void,
  ) {}

  get<T extends JsonValue = JsonValue>(collection: string, key: string): T | undefined {
    return this.docs.get<T>(collection, key);
  }

  list<T extends JsonValue = JsonValue>(collection: string, prefix?: string): ReadonlyArray<DocumentEntry<T>> {
    return this.docs.list<T>(collection, prefix);
  }

  put(collection: string, key: string, doc: JsonValue): void {
    this.docs.put(collection, key, doc);
    this.report(collection, key);
  }

  delete(collection: string, key: string): void {
    this.docs.delete(collection, key);
    this.report(collection, key);
  }
}
