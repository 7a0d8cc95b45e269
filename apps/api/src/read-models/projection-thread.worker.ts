/**
 * The projection thread (see projection-thread.ts): follows the event log (reads only), applies
 * every event to the live read models and commits them, and reports each committed batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteEventStore, UpcastingEventStore, sqliteAppendWaker } from '@gevinst/event-store';
import { ALL_PROJECTIONS, ProjectionRunner, SqliteDocumentStore } from '@gevinst/read-models';
// The catalogue alone: the package's index would load the token service (jose) into the thread.
import { eventTypeRegistry } from '@gevinst/platform/event-types';
import { trackWrites } from './document-changes';
import { threadError, type FromProjectionThread, type ProjectionThreadData, type ToProjectionThread } from './projection-thread';
import { WalCheckpointer } from './wal-checkpointer';

const port = parentPort!;
const data = workerData as ProjectionThreadData;
const post = (message: FromProjectionThread): void => port.postMessage(message);

/** Atomics.waitAsync (in Node since 16; TypeScript declares it from its ES2024 library, past this project's ES2023). */
const waitAsync = (Atomics as unknown as { waitAsync: (array: Int32Array, index: number, value: number) => { async: boolean; value: unknown } }).waitAsync;

/** Documents written since the last report: projection, collection, key, … */
let written: string[] = [];

const open = (): { close: () => Promise<void>; runner: ProjectionRunner } => {
  const closers: Array<() => unknown> = [];
  const close = async (): Promise<void> => {
    for (const closer of closers.reverse()) {
      try {
        await closer();
      } catch {
        // closing anyway
      }
    }
  };
  try {
    // Only read here. Not opened read-only: if this connection closes last, it checkpoints the
    // log's WAL and removes it, as the API's own would.
    const events = new SqliteEventStore(data.eventLogFile, { synchronous: data.eventLogSynchronous });
    closers.push(() => events.close());
    const docs = new SqliteDocumentStore({ file: data.readModelFile, documentCacheBytes: data.documentCacheBytes });
    closers.push(() => docs.close());
    const checkpointer = new WalCheckpointer(docs.db);
    closers.push(() => checkpointer.close());
    const projections = ALL_PROJECTIONS.map((projection) => trackWrites(projection, (collection, key) => void written.push(projection.name, collection, key)));
    const runner = new ProjectionRunner(new UpcastingEventStore(events, eventTypeRegistry()), docs, projections, {
      onError: (error) => post({ type: 'error', error: threadError(error) }),
      onProgress: () => {
        const status = runner.status();
        post({
          type: 'progress',
          checkpoints: status.map((s) => [s.name, s.position]),
          faults: status.flatMap((s) => (s.fault ? [[s.name, s.fault.position, threadError(s.fault.error)] as [string, bigint, ReturnType<typeof threadError>]] : [])),
          written,
        });
        written = [];
      },
    });
    closers.push(() => runner.stop());
    return { close, runner };
  } catch (error) {
    void close();
    throw error;
  }
};

const main = async (): Promise<void> => {
  let opened: ReturnType<typeof open> | undefined;
  try {
    opened = open();
    const { runner, close } = opened;
    let stopping = false;
    port.on('message', (message: ToProjectionThread) => {
      if (message.type !== 'stop') return;
      stopping = true;
      Atomics.notify(data.appends, 0); // ends the wait below
      void close().then(() => {
        post({ type: 'stopped' });
        port.close();
      });
    });
    // An append in the API's thread: the subscription reads now rather than at its next poll.
    const wake = sqliteAppendWaker(data.eventLogFile);
    void (async () => {
      let seen = Atomics.load(data.appends, 0);
      while (!stopping) {
        const wait = waitAsync(data.appends, 0, seen);
        if (wait.async) await wait.value;
        seen = Atomics.load(data.appends, 0);
        if (!stopping) wake();
      }
    })();
    const registered = await runner.start();
    post({ type: 'started', registered: [...registered] });
  } catch (error) {
    await opened?.close();
    post({ type: 'failed', error: threadError(error) });
    port.close();
  }
};

void main();
