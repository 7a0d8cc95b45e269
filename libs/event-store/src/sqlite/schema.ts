/**
 * The SQLite log. `position` is the global order; AUTOINCREMENT (with sqlite_sequence) means a
 * position is never reused, even if rows were removed behind our back, so a removal shows as a
 * gap that verifyChain can report. The adapter supplies positions itself (inside the write
 * transaction) because the hash covers the position.
 *
 * `data` and `metadata` hold the exact JSON text the hash was computed over. `command_id` and
 * `recorded_at` duplicate metadata fields as columns so that audits can query them.
 */
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY AUTOINCREMENT,
  id             TEXT    NOT NULL UNIQUE,
  stream         TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  command_id     TEXT    NOT NULL,
  recorded_at    TEXT    NOT NULL,
  hash           TEXT    NOT NULL,
  UNIQUE (stream, revision)
);

-- Idempotency: the first append of each command id and its result.
CREATE TABLE IF NOT EXISTS commands (
  command_id              TEXT    PRIMARY KEY,
  stream                  TEXT    NOT NULL,
  next_expected_revision  INTEGER NOT NULL,
  position                INTEGER NOT NULL
) WITHOUT ROWID;
`;

/** Columns every read returns, in this order (statements run in raw/array mode). */
export const EVENT_COLUMNS = 'position, id, stream, revision, type, schema_version, data, metadata';

/**
 * Columns a long scan's reader thread returns: EVENT_COLUMNS and `recorded_at`, so that the
 * metadata can be parsed when first read (lazy-metadata.ts).
 */
export const SCAN_COLUMNS = `${EVENT_COLUMNS}, recorded_at`;

/** Indexes into a raw row selected with EVENT_COLUMNS (or SCAN_COLUMNS, which adds one). */
export const Col = {
  Position: 0,
  Id: 1,
  Stream: 2,
  Revision: 3,
  Type: 4,
  SchemaVersion: 5,
  Data: 6,
  Metadata: 7,
} as const;

/** Index of `recorded_at` in a row selected with SCAN_COLUMNS. */
export const SCAN_RECORDED_AT = 8;
/** Values in a row selected with SCAN_COLUMNS. */
export const SCAN_WIDTH = 9;

/** A row selected with EVENT_COLUMNS from a statement in raw + safeIntegers mode. */
export type RawEventRow = [
  position: bigint,
  id: string,
  stream: string,
  revision: bigint,
  type: string,
  schemaVersion: bigint,
  data: string,
  metadata: string,
];

/** A row selected with SCAN_COLUMNS. */
export type ScanRow = [...RawEventRow, recordedAt: string];
