import fc from 'fast-check';
import Database from 'better-sqlite3';
import type { RecordedEvent } from '@gevinst/event-store';
import { MemoryDocumentStore } from '../engine/memory-document-store';
import { applyEvent } from '../engine/projection';
import { SqliteDocumentStore } from '../engine/sqlite-document-store';
import { departmentLedgerJson, departmentLedgerProjection, ledgerDocuments, ledgerFromScratch, lineBucketOf, readDepartmentLedger, readDepartmentLedgers } from './department-ledger.projection';

/**
 * The department ledger is kept by difference (a cut event or an approval changes only the
 * lines and years it touches), as a header per department and a document per line. Whatever
 * the events, each ledger put together from them must equal the one computed from scratch from
 * the projection's planned savings, cuts and departments.
 */

const DEPARTMENTS = ['a', 'b', 'c-x', 'c'];
// The case-… ids share a bucket of lines (their first character), the others have one each.
const CASES = ['case-1', 'case-10', 'case-2', 'Case-3', 'case-8', 'h', 'i'];
const CUTS = ['cut-1', 'cut-10', 'cut-2', 'cut-a', 'cut-b'];
const YEARS = [2025, 2026, 2027, 2028];

type Ev = { type: string; data: Record<string, unknown> };

const department = fc.constantFrom(...DEPARTMENTS);
const amount = fc.oneof(fc.constant(0), fc.integer({ min: -5_000, max: 1_000_000 }));
const year = fc.constantFrom(...YEARS);

const event: fc.Arbitrary<Ev> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ departmentId: department, name: fc.string({ maxLength: 3 }) }).map((d) => ({ type: 'DepartmentRegistered', data: { ...d, headId: null } })) },
  { weight: 1, arbitrary: fc.record({ departmentId: department, name: fc.string({ maxLength: 3 }) }).map((d) => ({ type: 'DepartmentRenamed', data: d })) },
  { weight: 1, arbitrary: fc.record({ departmentId: department, headId: fc.option(fc.constantFrom('bo', 'sara')) }).map((d) => ({ type: 'DepartmentHeadChanged', data: d })) },
  { weight: 2, arbitrary: fc.record({ departmentId: department, year, amount }).map((d) => ({ type: 'BaselineBudgetSet', data: d })) },
  {
    weight: 3,
    arbitrary: fc
      .record({ caseId: fc.constantFrom(...CASES), plan: fc.dictionary(department, fc.dictionary(year.map(String), amount, { maxKeys: 3 }), { maxKeys: 3 }) })
      .map(({ caseId, plan }) => ({ type: 'BusinessCaseApproved', data: { caseId, summary: { budgetEffectiveByDepartmentAndYear: plan } } })),
  },
  {
    weight: 5,
    arbitrary: fc
      .record({
        cutId: fc.constantFrom(...CUTS),
        caseId: fc.constantFrom(...CASES),
        departmentId: department,
        year,
        amount,
        retained: amount,
        override: fc.boolean(),
      })
      .map((d) => ({
        type: 'BudgetCutProposed',
        data: {
          ...d,
          approvedRevision: 1,
          sharePct: 25,
          gross: d.amount + d.retained,
          cut: d.amount,
          override: d.override ? { justification: 'j', year: d.year, limit: 1, already: 0, requested: 2, excess: 1 } : null,
          realisationStatus: null,
          realisationAcknowledgement: null,
          proposedBy: 'frida',
          proposedAt: '2026-01-01T00:00:00.000Z',
        },
      })),
  },
  {
    weight: 8,
    arbitrary: fc
      .record({ type: fc.constantFrom('BudgetCutApproved', 'BudgetCutRejected', 'BudgetCutBooked', 'BudgetCutReversed'), cutId: fc.constantFrom(...CUTS), departmentId: department })
      .map(({ type, ...d }) => ({ type, data: { ...d, approvedBy: 'frank', approvedAt: 't', rejectedBy: 'frank', bookedBy: 'frida', bookedAt: 't', reversedBy: 'frida', reason: 'r' } })),
  },
);

const recorded = (events: readonly Ev[]): RecordedEvent[] =>
  events.map((e, i) => ({
    id: `e-${i}`,
    streamName: 's',
    revision: BigInt(i),
    position: BigInt(i + 1),
    type: e.type,
    schemaVersion: 1,
    data: e.data,
    metadata: { actorId: 'x', actorRole: 'admin', recordedAt: '2026-01-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', commandId: `c-${i}` },
  }));

describe('department ledger, kept by difference', () => {
  it('puts lines in buckets that are ranges of case ids in order', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        if (lineBucketOf(a) < lineBucketOf(b)) expect(a < b).toBe(true);
      }),
    );
    expect(new Set(CASES.map(lineBucketOf)).size).toBe(4);
  });

  it('equals the ledger computed from scratch, after every event, for any sequence of events', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), (events) => {
        const store = new MemoryDocumentStore();
        const writer = store.writer('department-ledger');
        for (const e of recorded(events)) {
          applyEvent(departmentLedgerProjection, e, writer);
          for (const d of DEPARTMENTS) {
            const stored = readDepartmentLedger(writer, d);
            // A department has a ledger once it is registered or anything is planned or cut in it.
            if (writer.get('departments', d) !== undefined || writer.list('planned', `${d}|`).length > 0 || writer.list('cuts', `${d}|`).length > 0) expect(stored).toBeDefined();
            if (stored === undefined) continue;
            expect(stored).toEqual(ledgerFromScratch(writer, d));
            // Same member order too (the API's answers stay the same), and so the JSON made from the buckets' kept JSON.
            expect(JSON.stringify(stored)).toBe(JSON.stringify(ledgerFromScratch(writer, d)));
            expect(departmentLedgerJson(writer, d)).toBe(JSON.stringify(stored));
          }
          expect(readDepartmentLedgers(writer)).toEqual(DEPARTMENTS.sort().flatMap((d) => readDepartmentLedger(writer, d) ?? []));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same documents on SQLite in batches as in memory', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), (events, batch) => {
        const sqlite = new SqliteDocumentStore({ database: new Database(':memory:') });
        sqlite.registerProjections([departmentLedgerProjection]);
        const all = recorded(events);
        for (let i = 0; i < all.length; i += batch) {
          sqlite.applyBatch([departmentLedgerProjection], all.slice(i, i + batch));
          // Reads between batches: the buckets' kept JSON must follow every change.
          for (const d of DEPARTMENTS) {
            const docs = ledgerDocuments(sqlite.reader());
            expect(departmentLedgerJson(docs, d)).toBe(JSON.stringify(readDepartmentLedger(docs, d)));
          }
        }
        const memory = new MemoryDocumentStore();
        const writer = memory.writer('department-ledger');
        for (const e of all) applyEvent(departmentLedgerProjection, e, writer);
        const reader = sqlite.reader();
        expect(sqlite.reader().list('department-ledger', 'ledger-lines')).toEqual(memory.list('department-ledger', 'ledger-lines'));
        for (const d of DEPARTMENTS) {
          expect(reader.get('department-ledger', 'ledgers', d)).toEqual(memory.get('department-ledger', 'ledgers', d));
          expect(readDepartmentLedger(ledgerDocuments(reader), d)).toEqual(readDepartmentLedger(ledgerDocuments(memory), d));
          expect(departmentLedgerJson(ledgerDocuments(reader), d)).toBe(JSON.stringify(readDepartmentLedger(ledgerDocuments(memory), d)));
        }
        sqlite.db.close();
      }),
      { numRuns: 100 },
    );
  });
});
