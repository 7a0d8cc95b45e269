import { Worker } from 'node:worker_threads';
import { EventStoreUnavailableError } from '../errors';
import type { RecordedEvent } from '../event';
import type { ReaderData, ReaderMessage, ReaderRequest } from './reader-protocol';
import { SCAN_WIDTH } from './schema';
import { toStoreError } from './sqlite-errors';
import { threadEntry } from './thread-entry';

/**
 * Pages a reader thread reads ahead of its caller, and how many the caller takes before it asks
 * for as many more (a message costs tens of microseconds: not one per page).
 */
const AHEAD = 8;
const ASK_EVERY = 4;

/**
 * A scan of the log read on a reader thread (sqlite-reader-thread.ts), decoded here page by
 * page. Leaving the loop early ends the thread; the thread keeps the process alive only while
 * the caller waits for a page.
 */
export async function* scanOnThread(data: Omit<ReaderData, 'ahead'>, decode: (values: readonly unknown[], at: number) => RecordedEvent): AsyncGenerator<RecordedEvent[]> {
  const worker = new Worker(threadEntry('sqlite-reader-thread', 'SQLite reader thread'), { eval: true, workerData: { ...data, ahead: AHEAD } satisfies ReaderData });
  const queue: ReaderMessage[] = [];
  let stopped: Error | undefined;
  let wake: (() => void) | undefined;
  let taken = 0;
  worker.on('message', (message: ReaderMessage) => {
    queue.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    stopped ??= error;
    wake?.();
  });
  worker.on('exit', (code) => {
    stopped ??= new Error(`it exited with code ${code}`);
    wake?.();
  });
  try {
    for (;;) {
      if (queue.length === 0) {
        worker.ref();
        while (queue.length === 0) {
          if (stopped) throw new EventStoreUnavailableError(`SQLite event store ${data.file}: the reader thread stopped: ${stopped.message}`, { cause: stopped });
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
        worker.unref();
      }
      const message = queue.shift()!;
      if (message.kind === 'error') {
        const error = Object.assign(new Error(message.message), { code: message.code });
        const mapped = toStoreError(error, data.file, 'read the log');
        throw mapped instanceof EventStoreUnavailableError
          ? mapped
          : new EventStoreUnavailableError(`SQLite event store ${data.file}: the reader thread could not read the log: ${message.message}`, { cause: error });
      }
      if (!message.last && ++taken % ASK_EVERY === 0) worker.postMessage(ASK_EVERY satisfies ReaderRequest);
      const events = new Array<RecordedEvent>(message.count);
      for (let i = 0; i < events.length; i++) events[i] = decode(message.values, i * SCAN_WIDTH);
      if (events.length > 0) yield events;
      if (message.last) return;
    }
  } finally {
    void worker.terminate();
  }
}
