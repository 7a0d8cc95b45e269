import fc from 'fast-check';
import { MemoryDocumentStore, type BusinessCaseSummary } from '@gevinst/read-models';
import type { AuthenticatedActor } from '@gevinst/platform';
import { DocumentChanges } from '../read-models/document-changes';
import type { ReadModels } from '../read-models/read-models';
import { comparePortfolio, PortfolioList } from './portfolio-list';

/**
 * The live list keeps its order by putting a new case in its place and re-sorting only when a
 * case disappears or its creation time changes: whatever is written, in whatever order, it
 * must answer exactly the read model's summaries sorted in portfolio order.
 */
const summary = (caseId: string, createdAt: string, title: string): BusinessCaseSummary =>
  ({ caseId, title, status: 'draft', departmentIds: ['borgerservice'], createdAt }) as unknown as BusinessCaseSummary;

const finance: AuthenticatedActor = { id: 'frida', role: 'finance', departments: [] } as unknown as AuthenticatedActor;

describe('PortfolioList', () => {
  it('answers the read model sorted in portfolio order after any writes, deletes and re-timed cases', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), id: fc.integer({ min: 0, max: 12 }), at: fc.integer({ min: 0, max: 6 }), title: fc.string({ maxLength: 2 }) }),
      fc.record({ kind: fc.constant('delete' as const), id: fc.integer({ min: 0, max: 12 }) }),
      fc.record({ kind: fc.constant('read' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const store = new MemoryDocumentStore();
        const changes = new DocumentChanges();
        const list = new PortfolioList({ reader: store, changes } as unknown as ReadModels);
        const writer = store.writer('business-cases');
        const check = (): void => {
          const expected = store.list<BusinessCaseSummary>('business-cases', 'cases').map((e) => e.doc).sort(comparePortfolio);
          expect(JSON.parse(list.body(finance, {}).body.toString('utf8'))).toEqual({ items: expected });
        };
        for (const o of ops) {
          if (o.kind === 'read') {
            check();
            continue;
          }
          const caseId = `case-${o.id}`;
          if (o.kind === 'put') writer.put('cases', caseId, summary(caseId, `2026-01-0${o.at + 1}T00:00:00.000Z`, o.title));
          else writer.delete('cases', caseId);
          changes.written('business-cases', 'cases', caseId);
        }
        check();
      }),
      { numRuns: 300 },
    );
  });
});
