import type { DocumentWriter, JsonValue, Projection } from '@gevinst/read-models';
import type { RecordedEvent } from '@gevinst/event-store';
import { DocumentChanges } from './document-changes';

/** A writer like the engine's: documents in a map, and per-batch scratch state. */
const engineWriter = (): DocumentWriter & { docs: Map<string, JsonValue>; state: Map<object, unknown> } => {
  const docs = new Map<string, JsonValue>();
  const state = new Map<object, unknown>();
  return {
    docs,
    state,
    get: <T extends JsonValue>(c: string, k: string) => docs.get(`${c}/${k}`) as T | undefined,
    put: (c, k, d) => void docs.set(`${c}/${k}`, d),
    delete: (c, k) => void docs.delete(`${c}/${k}`),
    list: () => [],
    batchState: <T>(owner: object, create: () => T): T => {
      if (!state.has(owner)) state.set(owner, create());
      return state.get(owner) as T;
    },
  };
};

const event = (type: string, n: number): RecordedEvent => ({ id: `e${n}`, type, schemaVersion: 1, data: { n }, metadata: {} as RecordedEvent['metadata'], streamName: 's', revision: BigInt(n), position: BigInt(n) });

describe('DocumentChanges', () => {
  /** Puts every event off to the batch's end when it can (like the realisation projection). */
  const deferring: Projection = {
    name: 'p',
    version: 3,
    handles: (type) => type === 'Counted',
    apply(e, docs) {
      const pending = docs.batchState?.(deferring, () => [] as number[]);
      if (pending) pending.push((e.data as { n: number }).n);
      else docs.put('sums', 'all', ((docs.get<number>('sums', 'all') ?? 0) + (e.data as { n: number }).n));
    },
    flush(docs) {
      const pending = docs.batchState?.(deferring, () => [] as number[]) ?? [];
      if (pending.length > 0) docs.put('sums', 'all', (docs.get<number>('sums', 'all') ?? 0) + pending.reduce((a, b) => a + b, 0));
      pending.length = 0;
    },
  };

  it('runs the projection unchanged (name, version, handles, put-off work) and reports each write with its collection and key', () => {
    const changes = new DocumentChanges();
    const written: string[] = [];
    changes.onWrite('p', 'sums', (key) => written.push(key));
    const tracked = changes.track(deferring);
    expect([tracked.name, tracked.version, tracked.handles?.('Counted'), tracked.handles?.('Other')]).toEqual(['p', 3, true, false]);

    const docs = engineWriter();
    tracked.apply(event('Counted', 2), docs);
    tracked.apply(event('Counted', 5), docs);
    // Put off, as without the wrapper: nothing written yet.
    expect(docs.docs.size).toBe(0);
    expect(changes.generation('p', 'sums')).toBe(0);
    tracked.flush!(docs);
    expect(docs.docs.get('sums/all')).toBe(7);
    expect(written).toEqual(['all']);
    expect(changes.generation('p', 'sums')).toBe(1);
    expect(changes.generation('p', 'other')).toBe(0);
  });

  it('does everything in apply when the writer offers no batch state, and still reports it', () => {
    const changes = new DocumentChanges();
    const tracked = changes.track(deferring);
    const docs = engineWriter();
    const plain: DocumentWriter = { get: docs.get, put: docs.put, delete: docs.delete, list: docs.list };
    tracked.apply(event('Counted', 4), plain);
    expect(docs.docs.get('sums/all')).toBe(4);
    expect(changes.generation('p', 'sums')).toBe(1);
  });
});
