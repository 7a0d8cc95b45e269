import type { EventStore } from './event-store.port';
import type {
  AppendOptions,
  AppendResult,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  ScanAllOptions,
  SubscribeOptions,
  Subscription,
  LogPosition,
} from './event';
import type { EventTypeRegistry } from './event-type-registry';
import { scanLog } from './scan-log';

/**
 * Decorates any adapter: every event read (streams, the global log, subscriptions) is lifted
 * to the current shape of its type, and every event written is stamped with that version.
 * Adapters themselves store and return raw events.
 */
export class UpcastingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly registry: EventTypeRegistry,
  ) {}

  /** The adapter this decorates (e.g. for its own statistics). */
  get adapter(): EventStore {
    return this.inner;
  }

  append(streamName: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return this.inner.append(
      streamName,
      events.map((e) => ({ ...e, schemaVersion: e.schemaVersion ?? this.registry.currentVersion(e.type) })),
      options,
    );
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(streamName, options)).map((e) => this.registry.upcast(e));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readAll(options)).map((e) => this.registry.upcast(e));
  }

  async *scanAll(options?: ScanAllOptions): AsyncGenerator<RecordedEvent[]> {
    for await (const page of scanLog(this.inner, options)) yield page.map((e) => this.registry.upcast(e));
  }

  headPosition(): Promise<LogPosition> {
    return this.inner.headPosition();
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll({
      ...options,
      handler: (event) => options.handler(this.registry.upcast(event)),
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
