import type Database from 'better-sqlite3';
import { WrongExpectedRevisionError } from '../errors';
import type { AppendResult, ExpectedRevision } from '../event';
import type { PreparedAppend } from './append-input';
import { GENESIS_HASH, chainHash } from './hash-chain';
import { toStoreError } from './sqlite-errors';

type AppendState = [
  firstRevision: bigint | null,
  firstPosition: bigint | null,
  head: bigint | null,
  lastPosition: bigint | null,
  lastHash: string | null,
  sequence: bigint | null,
];

/** What one append of a group came to: its result, or the error it failed with (already mapped). */
export type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

/**
 * The write side of the SQLite log, on one connection: appends a group of prepared appends in
 * one transaction (BEGIN IMMEDIATE … COMMIT, so one fsync with synchronous=FULL), each append
 * inside its own savepoint. Every append keeps its own idempotency lookup and expected-revision
 * check; one that fails (a conflict, a reused event id, a poisoned row) is rolled back to its
 * savepoint alone and the others commit. A failure of the transaction itself (BEGIN, COMMIT, or
 * an error after which SQLite has rolled the whole transaction back, e.g. a full disk) fails
 * every append of the group that had not already failed: nothing is half-written, and nothing
 * is reported as appended that is not committed.
 *
 * Used on the store's own connection (writer 'inline') and inside the writer thread.
 */
export class SqliteWriter {
  private readonly appendState: Database.Statement<[stream: string, commandId: string], AppendState>;
  private readonly insertEvent: Database.Statement<unknown[]>;
  private readonly insertCommand: Database.Statement<[string, string, bigint, bigint]>;
  private savepoints = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
  ) {
    // Everything an append needs to know, in one statement: the first result of this command
    // id if it was appended before, the stream's head revision, and the log's tail (highest
    // position ever assigned, and the hash to chain from).
    this.appendState = db
      .prepare<[string, string], AppendState>(`SELECT
        c.next_expected_revision,
        c.position,
        (SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1),
        (SELECT position FROM events ORDER BY position DESC LIMIT 1),
        (SELECT hash FROM events ORDER BY position DESC LIMIT 1),
        (SELECT seq FROM sqlite_sequence WHERE name = 'events')
      FROM (SELECT 1) LEFT JOIN commands c ON c.command_id = ?`)
      .safeIntegers(true)
      .raw(true);
    this.insertEvent = db.prepare(`INSERT INTO events
        (position, id, stream, revision, type, schema_version, data, metadata, command_id, recorded_at, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertCommand = db.prepare(
      'INSERT INTO commands (command_id, stream, next_expected_revision, position) VALUES (?, ?, ?, ?)',
    );
  }

  /** Appends the group in one transaction; one outcome per append, in order. */
  commit(appends: readonly PreparedAppend[]): AppendOutcome[] {
    const outcomes: AppendOutcome[] = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      const mapped = this.writeError(error, appends[0]?.stream ?? '');
      return appends.map(() => ({ ok: false, error: mapped }));
    }
    for (const append of appends) {
      if (!this.db.inTransaction) {
        // SQLite rolled the transaction back after an earlier error (full disk, I/O error):
        // that error stands for everything of this group.
        outcomes.push(outcomes.find((o) => !o.ok) ?? { ok: false, error: this.writeError(new Error('the transaction was rolled back'), append.stream) });
        continue;
      }
      // One append alone needs no savepoint: a failure rolls the whole transaction back.
      const savepoint = appends.length > 1 ? `a${++this.savepoints}` : undefined;
      try {
        if (savepoint) this.db.exec(`SAVEPOINT ${savepoint}`);
        const result = this.appendInTransaction(append);
        if (savepoint) this.db.exec(`RELEASE ${savepoint}`);
        outcomes.push({ ok: true, result });
      } catch (error) {
        const mapped = this.writeError(error, append.stream);
        if (this.db.inTransaction) {
          try {
            if (savepoint) this.db.exec(`ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
            else this.db.exec('ROLLBACK');
          } catch {
            // The rollback itself failed: the transaction is abandoned below.
            if (this.db.inTransaction) this.rollbackQuietly();
          }
        }
        if (!this.db.inTransaction) {
          // Everything of the group so far went with the transaction.
          for (let i = 0; i < outcomes.length; i++) if (outcomes[i]!.ok) outcomes[i] = { ok: false, error: mapped };
        }
        outcomes.push({ ok: false, error: mapped });
      }
    }
    if (!this.db.inTransaction) return outcomes;
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      const mapped = this.writeError(error, appends[0]?.stream ?? '');
      this.rollbackQuietly();
      return outcomes.map((o) => (o.ok ? { ok: false, error: mapped } : o));
    }
    return outcomes;
  }

  private rollbackQuietly(): void {
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } catch {
      // Nothing more to do: SQLite rolls back an abandoned transaction on the next open.
    }
  }

  private appendInTransaction(append: PreparedAppend): AppendResult {
    // Idempotency before the revision check: a re-sent command must get its first result
    // even though the stream has moved on since.
    const [firstRevision, firstPosition, head, lastPosition, lastHash, sequence] = this.appendState.get(
      append.stream,
      append.commandId,
    )!;
    if (firstRevision !== null && firstPosition !== null) {
      return { nextExpectedRevision: firstRevision, position: firstPosition, duplicate: true };
    }

    if (conflicts(append.expected, head)) {
      throw new WrongExpectedRevisionError(append.stream, append.expected, head ?? 'no-stream');
    }
    let revision = head === null ? 0n : head + 1n;
    // Never reuse a position, even one whose row has gone missing.
    let position = maxBigint(sequence ?? 0n, lastPosition ?? 0n) + 1n;
    let previousHash = lastHash ?? GENESIS_HASH;
    for (const event of append.events) {
      const hash = chainHash(previousHash, {
        position,
        id: event.id,
        stream: append.stream,
        revision,
        type: event.type,
        schemaVersion: event.schemaVersion,
        dataJson: event.dataJson,
        metadataJson: event.metadataJson,
      });
      this.insertEvent.run(
        position,
        event.id,
        append.stream,
        revision,
        event.type,
        event.schemaVersion,
        event.dataJson,
        event.metadataJson,
        append.commandId,
        event.recordedAt,
        hash,
      );
      previousHash = hash;
      revision++;
      position++;
    }
    const result: AppendResult = { nextExpectedRevision: revision - 1n, position: position - 1n, duplicate: false };
    this.insertCommand.run(append.commandId, append.stream, result.nextExpectedRevision, result.position);
    return result;
  }

  private writeError(error: unknown, stream: string): unknown {
    if (error instanceof WrongExpectedRevisionError) return error;
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' && /events\.id/.test((error as Error).message)) {
      return new TypeError(`Invalid append to stream ${JSON.stringify(stream)}: an event id is already in the log`);
    }
    return toStoreError(error, this.file, `append to stream ${stream}`);
  }
}

export const conflicts = (expected: ExpectedRevision, head: bigint | null): boolean => {
  switch (expected) {
    case 'any':
      return false;
    case 'no-stream':
      return head !== null;
    case 'exists':
      return head === null;
    default:
      return head !== expected;
  }
};

const maxBigint = (a: bigint, b: bigint): bigint => (a > b ? a : b);
