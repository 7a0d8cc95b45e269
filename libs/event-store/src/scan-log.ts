import type { LogPosition, RecordedEvent, ScanAllOptions } from './event';
import type { EventStore } from './event-store.port';

/**
 * Events per page of a scan unless told otherwise (and of replays): a page and the next are alive
 * together, and every young-generation collection copies them (see ReplayOptions.pageSize).
 */
export const DEFAULT_SCAN_PAGE_SIZE = 100;

/** The scan options checked (a RangeError or TypeError for bad ones), with their defaults. */
export const scanOptions = (options: ScanAllOptions = {}): { after: LogPosition; pageSize: number; toPosition: bigint | undefined; maxCount: number } => {
  const after = options.after ?? 'start';
  if (after !== 'start' && typeof after !== 'bigint') throw new TypeError("scanAll: after must be a bigint or 'start'");
  const pageSize = options.pageSize ?? DEFAULT_SCAN_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`scanAll: pageSize must be a positive integer, not ${String(pageSize)}`);
  const toPosition = options.toPosition;
  if (toPosition !== undefined && typeof toPosition !== 'bigint') throw new TypeError('scanAll: toPosition must be a bigint');
  const maxCount = options.maxCount ?? Infinity;
  if (maxCount !== Infinity && (!Number.isSafeInteger(maxCount) || maxCount < 0)) throw new RangeError(`scanAll: maxCount must be a non-negative integer, not ${String(maxCount)}`);
  return { after, pageSize, toPosition, maxCount };
};

/** What a scan (and a replay) reads: any event store, its scanAll where it has one, else readAll. */
export type LogSource = Pick<EventStore, 'readAll'> & Partial<Pick<EventStore, 'scanAll'>>;

/**
 * The global log from `after` in pages (see EventStore.scanAll): the store's own scan where it
 * has one, else readAll page by page, each next page asked for before the current one is
 * handed over (a store with real IO reads it meanwhile).
 */
export const scanLog = (store: LogSource, options: ScanAllOptions = {}): AsyncIterable<RecordedEvent[]> =>
  store.scanAll ? store.scanAll(options) : scanByReadAll(store, options);

/** A scan made of readAll calls (what scanLog does for a store without scanAll). */
export async function* scanByReadAll(store: Pick<EventStore, 'readAll'>, options: ScanAllOptions): AsyncGenerator<RecordedEvent[]> {
  const { after, pageSize, toPosition, maxCount } = scanOptions(options);
  if (toPosition !== undefined && after !== 'start' && toPosition <= after) return;
  let left = maxCount;
  let page = left > 0 ? await store.readAll({ after, maxCount: Math.min(pageSize, left) }) : [];
  while (page.length > 0) {
    left -= page.length;
    const lastPosition = page[page.length - 1]!.position;
    const done = left <= 0 || (toPosition !== undefined && lastPosition >= toPosition);
    const next = done ? Promise.resolve([]) : store.readAll({ after: lastPosition, maxCount: Math.min(pageSize, left) });
    next.catch(() => undefined); // handled when awaited; no unhandled rejection if the caller stops early
    const wanted = toPosition === undefined || lastPosition <= toPosition ? page : page.filter((e) => e.position <= toPosition);
    if (wanted.length > 0) yield wanted;
    page = await next;
  }
}
