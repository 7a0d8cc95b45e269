import { randomUUID, createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { BusinessCaseSummary } from '@gevinst/read-models';
import type { AuthenticatedActor } from '@gevinst/platform';
import { isScoped } from '../auth/scope';
import { ValidationProblem } from '../http/problem';
import { ReadModels } from '../read-models/read-models';

/** What narrows the portfolio list: the query's filters and page, and the actor's scope. */
export interface PortfolioListQuery {
  status?: string | undefined;
  department?: string | undefined;
  /** At most this many items (with `next` when there are more); all when absent. */
  limit?: number | undefined;
  /** The `next` of the previous page: the items after it. */
  after?: string | undefined;
}

export interface PortfolioListBody {
  items: BusinessCaseSummary[];
  /** Only with a limit: the cursor of the next page, or null on the last one. */
  next?: string | null;
}

interface Entry {
  readonly caseId: string;
  readonly summary: BusinessCaseSummary;
  /** The summary as JSON (UTF-8), serialised once per change of the case. */
  readonly json: Buffer;
}

/** Most list bodies remembered per version of the portfolio (the common views; a flood of odd filters only evicts). */
const MAX_BODIES = 64;

/**
 * The live portfolio list, served from memory: every case's summary and its JSON are kept
 * in portfolio order (created, then case id) and refreshed per case when the business-cases
 * projection writes it (ReadModels.changes), so a request no longer reads, parses, freezes,
 * sorts and serialises every summary. Whole response bodies are remembered per view (scope,
 * filters, page) until the portfolio next changes; their ETag names the version, so a client
 * may revalidate with If-None-Match.
 *
 * The answer is what the read model holds now, as before: the documents are read from it after
 * each change (the projection reports a write before its batch commits, and reads run after).
 */
@Injectable()
export class PortfolioList {
  private readonly byId = new Map<string, Entry>();
  private order: Entry[] = [];
  private readonly dirty = new Set<string>();
  private loaded = false;
  /** Bumped whenever an entry changed; part of every ETag. */
  private version = 0;
  private bodiesVersion = -1;
  private readonly bodies = new Map<string, { body: Buffer; etag: string }>();
  /** Versions restart with the process; the ETags must not repeat across restarts. */
  private readonly boot = randomUUID().slice(0, 8);

  constructor(private readonly readModels: ReadModels) {
    readModels.changes.onWrite('business-cases', 'cases', (caseId) => this.dirty.add(caseId));
  }

  /** The serialised answer for this actor and query, and its ETag. */
  body(actor: AuthenticatedActor, query: PortfolioListQuery): { body: Buffer; etag: string } {
    this.refresh();
    const view = JSON.stringify([isScoped(actor) ? [...actor.departments].sort() : '*', query.status ?? null, query.department ?? null, query.limit ?? null, query.after ?? null]);
    if (this.bodiesVersion !== this.version) {
      this.bodies.clear();
      this.bodiesVersion = this.version;
    }
    const cached = this.bodies.get(view);
    if (cached) return cached;
    const { entries, next } = page(this.order.filter(visibleTo(actor, query)), query, (caseId) => this.byId.get(caseId));
    // Copied together from the entries' bytes: no string building, no UTF-8 encoding per request.
    const parts: Buffer[] = [ITEMS_OPEN];
    entries.forEach((e, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(e.json);
    });
    parts.push(query.limit !== undefined ? Buffer.from(`],"next":${JSON.stringify(next)}}`) : ITEMS_CLOSE);
    const made = { body: Buffer.concat(parts), etag: `W/"bc-${this.boot}-${this.version}-${createHash('sha1').update(view).digest('hex').slice(0, 12)}"` };
    if (this.bodies.size >= MAX_BODIES) this.bodies.clear();
    this.bodies.set(view, made);
    return made;
  }

  /** Reads the summaries written since the last request (all of them the first time). */
  private refresh(): void {
    const reader = this.readModels.reader;
    if (!this.loaded) {
      this.dirty.clear();
      for (const { key, doc } of reader.list<BusinessCaseSummary>('business-cases', 'cases')) this.byId.set(key, entry(key, doc));
      this.loaded = true;
      this.resort();
      return;
    }
    if (this.dirty.size === 0) return;
    let resort = false;
    for (const caseId of this.dirty) {
      const doc = reader.get<BusinessCaseSummary>('business-cases', 'cases', caseId);
      const before = this.byId.get(caseId);
      if (doc === undefined) {
        if (before) this.byId.delete(caseId);
        resort = resort || before !== undefined;
        continue;
      }
      const now = entry(caseId, doc);
      this.byId.set(caseId, now);
      if (before && before.summary.createdAt === now.summary.createdAt) {
        this.order[this.order.indexOf(before)] = now;
      } else if (!before && !resort) {
        // A new case (the usual change besides edits): put it in its place, O(log n) comparisons.
        this.order.splice(firstAfter(this.order, now.summary), 0, now);
      } else {
        resort = true;
      }
    }
    this.dirty.clear();
    if (resort) this.resort();
    this.version++;
  }

  private resort(): void {
    this.order = [...this.byId.values()].sort((a, b) => comparePortfolio(a.summary, b.summary));
    this.version++;
  }
}

const entry = (caseId: string, summary: BusinessCaseSummary): Entry => ({ caseId, summary, json: Buffer.from(JSON.stringify(summary)) });
const ITEMS_OPEN = Buffer.from('{"items":[');
const ITEMS_CLOSE = Buffer.from(']}');
const COMMA = Buffer.from(',');

/** Portfolio order: when the case was created, then its id. */
export const comparePortfolio = (a: BusinessCaseSummary, b: BusinessCaseSummary): number =>
  a.createdAt.localeCompare(b.createdAt) || a.caseId.localeCompare(b.caseId);

/** The actor's scope (case authors and department heads see their departments) and the filters. */
export const visibleTo =
  (actor: AuthenticatedActor, query: PortfolioListQuery) =>
  ({ summary: c }: { summary: BusinessCaseSummary }): boolean =>
    (!isScoped(actor) || c.departmentIds.some((d) => actor.departments.includes(d))) &&
    (!query.status || c.status === query.status) &&
    (!query.department || c.departmentIds.includes(query.department));

/**
 * One page of the (filtered, ordered) list: the items after the cursor (a case id of the
 * list), at most `limit`. The cursor is a position in portfolio order, so a page is stable
 * while cases are added (new cases come last).
 */
export function page<T extends { summary: BusinessCaseSummary }>(
  ordered: readonly T[],
  query: PortfolioListQuery,
  find: (caseId: string) => { summary: BusinessCaseSummary } | undefined,
): { entries: T[]; next: string | null } {
  let from = 0;
  if (query.after !== undefined) {
    const anchor = find(query.after);
    if (!anchor) throw new ValidationProblem([{ name: 'after', reason: 'after must be the next cursor of an earlier page (a case id of the list)' }]);
    from = firstAfter(ordered, anchor.summary);
  }
  const limit = query.limit ?? Infinity;
  const entries = ordered.slice(from, limit === Infinity ? undefined : from + limit);
  const more = from + entries.length < ordered.length;
  return { entries, next: query.limit !== undefined && more && entries.length > 0 ? entries[entries.length - 1]!.summary.caseId : null };
}

/** Index of the first item ordered after `anchor` (binary search). */
const firstAfter = (ordered: readonly { summary: BusinessCaseSummary }[], anchor: BusinessCaseSummary): number => {
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePortfolio(ordered[mid]!.summary, anchor) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
