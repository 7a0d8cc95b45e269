import type { Provider } from '@nestjs/common';
import * as eventStores from '@gevinst/event-store';
import { EVENT_STORE, SqliteEventStore, UpcastingEventStore, type EventStore } from '@gevinst/event-store';
import type { AppConfig } from '@gevinst/platform';
import { eventTypeRegistry } from './event-types';
import { APP_CONFIG } from './tokens';

/** Opens the configured event store: SQLite (embedded default) or EventStoreDB. */
export function openEventStore(config: AppConfig): EventStore {
  const raw: EventStore =
    config.eventStore.kind === 'sqlite'
      ? new SqliteEventStore(config.eventStore.file, { synchronous: config.eventStore.synchronous })
      : openEventStoreDb(config.eventStore.url);
  return new UpcastingEventStore(raw, eventTypeRegistry());
}

export const eventStoreProvider: Provider = {
  provide: EVENT_STORE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => openEventStore(config),
};

// TODO(esdb): replaced by the EventStoreDB adapter's constructor once it lands.
function openEventStoreDb(url: string): EventStore {
  const Adapter = (eventStores as Record<string, unknown>)['EventStoreDbEventStore'] as (new (url: string) => EventStore) | undefined;
  if (!Adapter) throw new Error('The EventStoreDB adapter is not available in this build');
  return new Adapter(url);
}
