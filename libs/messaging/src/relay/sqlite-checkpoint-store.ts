import Database from 'better-sqlite3';
import type { LogPosition } from '@gevinst/event-store';
import { CheckpointMovedBackwardsError, type CheckpointStore } from './checkpoint-store';

/**
 * Checkpoints in SQLite (better-sqlite3): in a file of their own, or in a database the caller
 * already has open (e.g. the event store's data file) — the table is namespaced.
 */
export class SqliteCheckpointStore implements CheckpointStore {
  private readonly db: Database.Database;
  private readonly ownsDb: boolean;
  private readonly select: Database.Statement<[string], { position: string }>;
  private readonly upsert: Database.Statement<[string, string, string]>;

  /** `database`: a file name (opened here, WAL) or an open better-sqlite3 database (left open). */
  constructor(database: string | Database.Database) {
    this.ownsDb = typeof database === 'string';
    this.db = typeof database === 'string' ? new Database(database) : database;
    if (this.ownsDb) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.exec(`CREATE TABLE IF NOT EXISTS messaging_checkpoints (
      name TEXT PRIMARY KEY,
      position TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`);
    this.select = this.db.prepare('SELECT position FROM messaging_checkpoints WHERE name = ?');
    this.upsert = this.db.prepare(
      `INSERT INTO messaging_checkpoints (name, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    );
  }

  async load(name: string): Promise<LogPosition> {
    const row = this.select.get(name);
    return row ? BigInt(row.position) : 'start';
  }

  async save(name: string, position: bigint): Promise<void> {
    this.db.transaction(() => {
      const row = this.select.get(name);
      if (row && BigInt(row.position) > position) {
        throw new CheckpointMovedBackwardsError(name, BigInt(row.position), position);
      }
      this.upsert.run(name, position.toString(), new Date().toISOString());
    })();
  }

  close(): void {
    if (this.ownsDb) this.db.close();
  }
}
