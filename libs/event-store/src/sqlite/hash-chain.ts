import { createHash } from 'node:crypto';

/**
 * Tamper evidence for the SQLite log: every row stores
 *
 *   hash(n) = sha256_hex( hash(n-1) + canonical(n) )
 *
 * where hash(0) is GENESIS_HASH and canonical(n) is the JSON array
 *
 *   [position, id, stream, revision, type, schemaVersion, dataJson, metadataJson]
 *
 * with position and revision as decimal strings, schemaVersion as a number, and data and
 * metadata as the exact JSON text stored in the row. Hashing the stored text (rather than
 * re-serialising parsed values) makes verification byte-exact and lets an auditor recompute
 * the chain in any language from a plain export of the table. JSON.stringify of an array of
 * strings is unambiguous, so no two different rows share a canonical form.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of one row that the hash covers. */
export interface ChainedFields {
  position: bigint;
  id: string;
  stream: string;
  revision: bigint;
  type: string;
  schemaVersion: number;
  dataJson: string;
  metadataJson: string;
}

export const canonicalEventText = (row: ChainedFields): string =>
  JSON.stringify([
    row.position.toString(),
    row.id,
    row.stream,
    row.revision.toString(),
    row.type,
    row.schemaVersion,
    row.dataJson,
    row.metadataJson,
  ]);

export const chainHash = (previousHash: string, row: ChainedFields): string =>
  createHash('sha256').update(previousHash + canonicalEventText(row)).digest('hex');

/** The last event of the log and its hash: record it elsewhere to anchor the chain. */
export interface ChainHead {
  position: bigint;
  hash: string;
}

/** Why the chain broke at an event. */
export type ChainBreakReason =
  /** The event's content (or the hash before it) is not what was written. */
  | 'altered'
  /** Events are missing: a gap in positions, or the log ends before its highest position. */
  | 'removed'
  /** The event that belongs here is stored at another position. */
  | 'reordered';

export type ChainVerification =
  | { ok: true; head: ChainHead | null; count: number }
  | {
      ok: false;
      /** Position of the first event that does not verify (for 'removed': the first missing). */
      position: bigint;
      reason: ChainBreakReason;
      /** A sentence for the audit report. */
      detail: string;
      /** Events that verified before the break. */
      verifiedCount: number;
    };
