import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE, type EventStore, type LogPosition } from '@gevinst/event-store';
import { ALL_PROJECTIONS, ProjectionRunner, SqliteDocumentStore, type DocumentReader, type Projection } from '@gevinst/read-models';
import type { AppConfig } from '@gevinst/platform';
import { APP_CONFIG } from '../infrastructure/tokens';
import { DocumentChanges } from './document-changes';
import { ProjectionThread, type LiveProjections } from './projection-thread';
import { WalCheckpointer } from './wal-checkpointer';

/**
 * Parsed read-model documents kept in memory (bytes of their JSON; a few times that in heap):
 * a document read again — a department ledger that every cut rewrites, one that every query
 * reads — is not fetched and parsed again. The bench's whole read model is ~3 MB.
 */
const DOCUMENT_CACHE_BYTES = 32 * 1024 * 1024;

/** How long a command waits for the read models to include its own change before answering. */
const READ_YOUR_WRITES_MS = 5000;

/**
 * The live read models of this process (the in-process worker of the embedded default): one
 * SQLite document store, kept current by a checkpointed subscription to the event log. With the
 * SQLite event log the projections run in a thread of their own (ProjectionThread), so applying
 * and committing them takes nothing from the thread that answers requests; with EventStoreDB
 * they run on this thread.
 */
@Injectable()
export class ReadModels implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('read-models');
  readonly docs: SqliteDocumentStore;
  readonly runner: LiveProjections;
  readonly projections: readonly Projection[] = ALL_PROJECTIONS;
  /** Checkpoints the read-model file's WAL off the event loop (the projection thread has its own). */
  private readonly checkpointer: WalCheckpointer | undefined;
  /** What the live projections write, as they write it (for caches of serialised reads). */
  readonly changes = new DocumentChanges();

  constructor(@Inject(EVENT_STORE) readonly store: EventStore, @Inject(APP_CONFIG) config: AppConfig) {
    // This process's runner is the only writer of the file, and the projection thread reports
    // every document it writes: parsed documents may be kept.
    this.docs = new SqliteDocumentStore({ file: config.readModelFile, documentCacheBytes: DOCUMENT_CACHE_BYTES });
    const onError = (error: unknown): void => this.logger.error(error instanceof Error ? error.stack ?? error.message : String(error));
    if (config.eventStore.kind === 'sqlite') {
      const data = { eventLogFile: config.eventStore.file, eventLogSynchronous: config.eventStore.synchronous, readModelFile: config.readModelFile, documentCacheBytes: DOCUMENT_CACHE_BYTES };
      this.runner = new ProjectionThread(store, this.docs, this.changes, this.projections, data, onError);
    } else {
      this.checkpointer = new WalCheckpointer(this.docs.db);
      this.runner = new ProjectionRunner(store, this.docs, this.projections.map((p) => this.changes.track(p)), { onError });
    }
  }

  async onModuleInit(): Promise<void> {
    const registered = await this.runner.start();
    for (const [name, r] of registered) this.logger.log(`${name}: ${JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    await this.checkpointer?.close();
    this.docs.close();
  }

  get reader(): DocumentReader {
    return this.docs.reader();
  }

  /** Read-your-writes: resolves when every projection has applied the event at `position`. */
  async caughtUpTo(position: LogPosition | null): Promise<void> {
    if (position === null) return;
    await this.runner.waitFor(position, READ_YOUR_WRITES_MS);
  }
}
