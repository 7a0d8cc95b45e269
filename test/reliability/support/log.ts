/**
 * Looks at the SQLite event log from outside the API: a read-only better-sqlite3 connection,
 * so the test sees what is on disk, not what the process under test believes.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SqliteEventStore } from '@gevinst/event-store';
import { ALL_PROJECTIONS, SqliteDocumentStore, verifyReplay, type ReplayVerification } from '@gevinst/read-models';
import { openEventStore } from '../../../apps/api/src/infrastructure/event-store.provider';
import { loadConfig } from '@gevinst/platform';

export interface LogEvent {
  position: number;
  stream: string;
  revision: number;
  type: string;
  commandId: string;
  correlationId: string;
}

export class LogReader {
  readonly db: Database.Database;

  constructor(readonly dataDir: string) {
    this.db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  }

  head(): number {
    return (this.db.prepare('SELECT coalesce(max(position), 0) AS head FROM events').get() as { head: number }).head;
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  }

  /** Events after a position, in log order. */
  after(position: number): LogEvent[] {
    return (
      this.db
        .prepare(
          `SELECT position, stream, revision, type, command_id AS commandId, json_extract(metadata, '$.correlationId') AS correlationId
           FROM events WHERE position > ? ORDER BY position`,
        )
        .all(position) as LogEvent[]
    );
  }

  /** How many events each command id has in the log. */
  countsByCommand(): Map<string, number> {
    const rows = this.db.prepare('SELECT command_id AS id, count(*) AS n FROM events GROUP BY command_id').all() as { id: string; n: number }[];
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /**
   * Every command is all or nothing: its events are one contiguous run of positions and of
   * revisions of one stream, ending where the idempotency table says the command ended; no
   * events without a command row and no command row without events. Returns what is wrong.
   */
  atomicityViolations(): string[] {
    const problems: string[] = [];
    const groups = this.db
      .prepare(
        `SELECT command_id AS id, count(*) AS n, count(DISTINCT stream) AS streams, min(position) AS minPos, max(position) AS maxPos,
                min(revision) AS minRev, max(revision) AS maxRev
         FROM events GROUP BY command_id`,
      )
      .all() as { id: string; n: number; streams: number; minPos: number; maxPos: number; minRev: number; maxRev: number }[];
    const commands = new Map(
      (this.db.prepare('SELECT command_id AS id, next_expected_revision AS rev, position AS pos FROM commands').all() as { id: string; rev: number; pos: number }[]).map((c) => [c.id, c]),
    );
    for (const g of groups) {
      const c = commands.get(g.id);
      if (!c) problems.push(`command ${g.id}: ${g.n} events but no row in the commands table`);
      if (g.streams !== 1) problems.push(`command ${g.id}: events in ${g.streams} streams`);
      if (g.maxPos - g.minPos + 1 !== g.n) problems.push(`command ${g.id}: positions ${g.minPos}..${g.maxPos} not contiguous for ${g.n} events`);
      if (g.maxRev - g.minRev + 1 !== g.n) problems.push(`command ${g.id}: revisions ${g.minRev}..${g.maxRev} not contiguous`);
      if (c && (c.pos !== g.maxPos || c.rev !== g.maxRev)) problems.push(`command ${g.id}: commands row (${c.pos}, ${c.rev}) does not end at (${g.maxPos}, ${g.maxRev})`);
      commands.delete(g.id);
    }
    for (const id of commands.keys()) problems.push(`command ${id}: a commands row without events`);
    return problems;
  }

  close(): void {
    this.db.close();
  }
}

export interface StoreVerification {
  chain: ReturnType<SqliteEventStore['verifyChain']>;
  replay: ReplayVerification;
}

/**
 * Opens the data directory's stores in this process (the API must be stopped), verifies the
 * hash chain and compares the read models with a rebuild from position 0.
 */
export async function verifyDataDir(dataDir: string): Promise<StoreVerification> {
  const raw = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  const chain = raw.verifyChain();
  await raw.close();
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
  const store = openEventStore(config);
  const docs = new SqliteDocumentStore({ file: config.readModelFile });
  try {
    const replay = await verifyReplay(store, ALL_PROJECTIONS, docs);
    return { chain, replay };
  } finally {
    docs.close();
    await store.close();
  }
}
