import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { RecordedEvent } from '@gevinst/event-store';
import { normalizeDocument, type JsonValue } from './json';
import type { Projection } from './projection';
import { recorded } from './spec-support/toy';
import { SqliteDocumentStore } from './sqlite-document-store';
import { stringifyDocument } from './stringify';

describe('stringifyDocument', () => {
  it('is JSON.stringify for any document, written the first time and again', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const doc = normalizeDocument(value);
        expect(stringifyDocument(doc)).toBe(JSON.stringify(doc));
        expect(stringifyDocument(doc)).toBe(JSON.stringify(doc));
      }),
      { numRuns: 500 },
    );
  });

  it('is JSON.stringify for documents built from earlier ones (shared, remembered parts)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(20), fc.jsonValue({ maxDepth: 3 })), { minLength: 1, maxLength: 30 }), (steps) => {
        let doc = normalizeDocument({ lines: [], totals: { n: 0 } }) as { lines: readonly JsonValue[]; totals: { n: number } };
        for (const [at, value] of steps) {
          const lines = [...doc.lines];
          lines[at % (lines.length + 1)] = { at, value, text: 'x'.repeat(at * 5) };
          doc = normalizeDocument({ ...doc, lines, totals: { n: doc.totals.n + 1 } }) as typeof doc;
          expect(stringifyDocument(doc)).toBe(JSON.stringify(doc));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('stores exactly the JSON of a large document a projection rewrites batch after batch', () => {
    /** One growing document of ~300 lines of ~100 characters (> 16 KB), one line changed per event. */
    const growing: Projection = {
      name: 'growing',
      version: 1,
      apply(event, docs) {
        const n = (event.data as { n: number }).n;
        const current = docs.get<{ lines: readonly JsonValue[] }>('big', 'one') ?? { lines: Array.from({ length: 300 }, (_, i) => ({ i, text: `line ${i} `.padEnd(90, '.') })) };
        const lines = [...current.lines];
        lines[n % 300] = { i: n % 300, text: `changed by ${n} `.padEnd(90, '-'), n };
        docs.put('big', 'one', { lines, last: n, name: 'ünïcødé 😀' });
      },
    };
    const store = new SqliteDocumentStore({ database: new Database(':memory:'), documentCacheBytes: 1 << 20 });
    try {
      const raw = store.db.prepare<[], string>("SELECT doc FROM projection_documents WHERE projection = 'growing'").pluck(true);
      for (let n = 1; n <= 12; n++) {
        store.applyBatch([growing], [recorded(n, 'Grown', { n }) as RecordedEvent]);
        const text = raw.get()!;
        expect(text.length).toBeGreaterThan(16 * 1024);
        expect(text).toBe(JSON.stringify(store.reader().get('growing', 'big', 'one')));
        expect(JSON.parse(text)).toMatchObject({ last: n });
      }
    } finally {
      store.db.close();
    }
  });
});
