
/** What a reader thread is started with (see sqlite-reader-thread.ts). */
export interface ReaderData {
  file: string;
  busyTimeoutMs: number;
  /** Rows strictly after this position … */
  after: bigint;
  /** … up to this one (inclusive) … */
  until: bigint;
  /** … at most this many in all (Number.MAX_SAFE_INTEGER: no limit). */
  maxCount: number;
  pageSize: number;
  /** Pages the thread may read ahead of the caller. */
  ahead: number;
}

/** The caller asks for this many more pages ahead (it took as many). */
export type ReaderRequest = number;

/**
 * A page of raw rows (`last`: the scan ends with it), or why the thread could not read. The
 * rows' values are in one flat array, SCAN_COLUMNS after SCAN_COLUMNS (`count` rows): one
 * array to post and receive instead of one a row, which costs the caller's thread about a
 * quarter less to receive.
 */
export type ReaderMessage = { kind: 'page'; values: unknown[]; count: number; last: boolean } | { kind: 'error'; code: string | undefined; message: string };
