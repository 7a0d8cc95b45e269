import { EventStoreUnavailableError } from '../errors';

/** The shape of better-sqlite3's SqliteError, without importing the class. */
interface SqliteErrorLike {
  code: string;
  message: string;
}

/**
 * Duck-typed on purpose: better-sqlite3's SqliteError is not a real Error subclass (it calls
 * `Error.call(this)`), and its constructor is registered once per process by whichever copy
 * of the module loaded first, so `instanceof` fails across module registries (jest test
 * files, bundlers). The code and message are what matter.
 */
const isSqliteError = (error: unknown): error is SqliteErrorLike => {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && code.startsWith('SQLITE_') && typeof message === 'string';
};

/**
 * Result codes that mean "the store cannot do its job right now" rather than "your request is
 * wrong". Extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED ...) match by prefix.
 */
const UNAVAILABLE: ReadonlyArray<readonly [prefix: string, explanation: string]> = [
  ['SQLITE_FULL', 'the disk (or the configured size limit) is full'],
  ['SQLITE_READONLY', 'the database file is read-only'],
  ['SQLITE_CANTOPEN', 'the database file cannot be opened'],
  ['SQLITE_IOERR', 'a disk I/O error occurred'],
  ['SQLITE_BUSY', 'the database is locked by another process for longer than the busy timeout'],
  ['SQLITE_LOCKED', 'the database is locked'],
  ['SQLITE_CORRUPT', 'the database file is corrupt'],
  ['SQLITE_NOTADB', 'the file is not an SQLite database'],
  ['SQLITE_PERM', 'permission denied'],
  ['SQLITE_AUTH', 'access denied'],
  ['SQLITE_PROTOCOL', 'the WAL locking protocol failed'],
  ['SQLITE_NOMEM', 'SQLite ran out of memory'],
];

/**
 * What an SQLite storage failure means, for a message ("the disk … is full (SQLITE_FULL: …)");
 * undefined for anything else.
 */
export const explainSqliteFailure = (error: unknown): string | undefined => {
  if (!isSqliteError(error)) return undefined;
  const match = UNAVAILABLE.find(([prefix]) => error.code.startsWith(prefix));
  return match ? `${match[1]} (${error.code}: ${error.message})` : undefined;
};

/**
 * Rethrows an SQLite storage failure as EventStoreUnavailableError (the API maps it to 503);
 * anything else is returned unchanged for the caller to rethrow.
 */
export const toStoreError = (error: unknown, file: string, doing: string): unknown => {
  const explained = explainSqliteFailure(error);
  if (explained) return new EventStoreUnavailableError(`SQLite event store ${file}: could not ${doing}: ${explained}`, { cause: error });
  // better-sqlite3 throws a TypeError for any call on a closed connection.
  if (error instanceof TypeError && /database connection is not open/i.test(error.message)) {
    return new EventStoreUnavailableError(`SQLite event store ${file}: could not ${doing}: the store is closed`, {
      cause: error,
    });
  }
  return error;
};
