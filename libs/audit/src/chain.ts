import Database from 'better-sqlite3';
import { SqliteEventStore, type ChainVerification } from '@gevinst/event-store';

/**
 * Tamper evidence of the SQLite log: the hash chain walked from the first event (verifyChain),
 * the chain head to keep outside the system, and the check that a head kept earlier is still
 * in the chain (catches a log rewritten from some point on with fresh hashes, or cut short).
 */
export interface KeptHead {
  position: bigint;
  hash: string;
}

export type ChainReport = {
  ok: boolean;
  /** Events that verified. */
  count: number;
  /** The log's head now (what to keep), or null for an empty log. */
  head: { position: string; hash: string } | null;
  /** The first event that does not verify. */
  break: { position: string; reason: 'altered' | 'removed' | 'reordered'; detail: string } | null;
  /** The head kept earlier, when one was given: is it still in the chain? */
  expectedHead: { position: string; hash: string; found: boolean; detail: string } | null;
};

const HEAD = /^(\d{1,19}):([0-9a-f]{64})$/i;

/** Parses `<position>:<hash>` (what chain-head exports); undefined if it is not one. */
export const parseKeptHead = (text: string): KeptHead | undefined => {
  const match = HEAD.exec(text.trim());
  return match ? { position: BigInt(match[1]!), hash: match[2]!.toLowerCase() } : undefined;
};

export const formatHead = (head: { position: bigint; hash: string }): string => `${head.position}:${head.hash}`;

/** Opens the log read-only, verifies, closes. */
export const verifyLogFile = async (file: string, expect?: KeptHead): Promise<ChainReport> => {
  const store = new SqliteEventStore(file, { readonly: true });
  try {
    return verifyStore(store, expect);
  } finally {
    await store.close();
  }
};

export const verifyStore = (store: SqliteEventStore, expect?: KeptHead): ChainReport => {
  const result: ChainVerification = store.verifyChain();
  const report: ChainReport = result.ok
    ? { ok: true, count: result.count, head: result.head ? { position: String(result.head.position), hash: result.head.hash } : null, break: null, expectedHead: null }
    : {
        ok: false,
        count: result.verifiedCount,
        head: headOf(store),
        break: { position: String(result.position), reason: result.reason, detail: result.detail },
        expectedHead: null,
      };
  if (expect) {
    const stored = hashAt(store.file, expect.position);
    const found = stored !== undefined && stored === expect.hash;
    const detail = found
      ? result.ok
        ? `the event at position ${expect.position} still carries the kept hash, and the chain verifies from the first event through it`
        : `the event at position ${expect.position} carries the kept hash, but the chain does not verify (see break)`
      : stored === undefined
        ? `the log has no event at position ${expect.position}: it was cut short after the head was kept`
        : `the event at position ${expect.position} carries another hash (${stored}): the log was rewritten after the head was kept`;
    report.expectedHead = { position: String(expect.position), hash: expect.hash, found, detail };
    if (!found) report.ok = false;
  }
  return report;
};

const headOf = (store: SqliteEventStore): { position: string; hash: string } | null => {
  const head = store.chainHead();
  return head ? { position: String(head.position), hash: head.hash } : null;
};

/** The hash stored with the event at a position (a read-only connection of its own). */
const hashAt = (file: string, position: bigint): string | undefined => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare<[bigint], { hash: string }>('SELECT hash FROM events WHERE position = ?').safeIntegers(true).get(position);
    return row?.hash;
  } finally {
    db.close();
  }
};
