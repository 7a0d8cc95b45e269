import { EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import type { AppendResult, ExpectedRevision } from '../event';
import type { PreparedAppend } from './append-input';

/** What the writer thread is started with. */
export interface WriterData {
  file: string;
  synchronous: 'FULL' | 'NORMAL';
  busyTimeoutMs: number;
  maxPageCount?: number;
}

/** The appends of one turn of the store's thread, in order (they go into one transaction at least). */
export type WriterRequest = { kind: 'appends'; items: { id: number; append: PreparedAppend }[] } | { kind: 'close' };

/** An error as it crosses the thread boundary (structured clone keeps no classes). */
export type WireError =
  | { kind: 'conflict'; stream: string; expected: ExpectedRevision; actual: bigint | 'no-stream' }
  | { kind: 'unavailable'; message: string }
  | { kind: 'type'; message: string }
  | { kind: 'other'; name: string; message: string; code?: string };

export type WireResult = { id: number; ok: true; result: AppendResult } | { id: number; ok: false; error: WireError };

/** The results of one group (one transaction) of `group` appends. */
export type WriterReply = { kind: 'results'; group: number; results: WireResult[] };

export const toWire = (error: unknown, file: string): WireError => {
  if (error instanceof WrongExpectedRevisionError) return { kind: 'conflict', stream: error.streamName, expected: error.expected, actual: error.actual };
  if (error instanceof EventStoreUnavailableError) return { kind: 'unavailable', message: error.message };
  if (error instanceof TypeError) return { kind: 'type', message: error.message };
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const e = error as { name?: unknown; message?: unknown; code?: unknown };
    return { kind: 'other', name: String(e.name ?? 'Error'), message: String(e.message), ...(typeof e.code === 'string' ? { code: e.code } : {}) };
  }
  return { kind: 'unavailable', message: `SQLite event store ${file}: the writer failed: ${String(error)}` };
};

export const fromWire = (error: WireError): Error => {
  switch (error.kind) {
    case 'conflict':
      return new WrongExpectedRevisionError(error.stream, error.expected, error.actual);
    case 'unavailable':
      return new EventStoreUnavailableError(error.message);
    case 'type':
      return new TypeError(error.message);
    default: {
      const rebuilt = new Error(error.message) as Error & { code?: string };
      rebuilt.name = error.name;
      if (error.code !== undefined) rebuilt.code = error.code;
      return rebuilt;
    }
  }
};
