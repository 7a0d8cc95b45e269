import type { Provider } from '@nestjs/common';
import { EVENT_STORE, EventStoreDbEventStore, SqliteEventStore, UpcastingEventStore, type EventStore } from '@gevinst/event-store';
import { eventTypeRegistry, type AppConfig } from '@gevinst/platform';
import { APP_CONFIG } from './tokens';

/** Opens the configured event store: SQLite (embedded default) or EventStoreDB (EVENTSTORE_URL). */
export function openEventStore(config: AppConfig): EventStore {
  const raw: EventStore =
    config.eventStore.kind === 'sqlite'
      ? // The writer thread: commits never block the event loop, and appends that arrive together share one fsync.
        new SqliteEventStore(config.eventStore.file, { synchronous: config.eventStore.synchronous, writer: 'thread' })
      : new EventStoreDbEventStore({ connectionString: config.eventStore.url });
  return new UpcastingEventStore(raw, eventTypeRegistry());
}

export const eventStoreProvider: Provider = {
  provide: EVENT_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => openEventStore(config),
};
