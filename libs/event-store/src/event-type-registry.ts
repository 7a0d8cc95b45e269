import { EventDecodingError } from './errors';
import type { RecordedEvent } from './event';

/** Turns the data of version `from` into the data of version `from + 1`. */
export type Upcaster = (data: unknown, event: RecordedEvent) => unknown;

export interface EventTypeDefinition {
  type: string;
  /** The version new events of this type are written with. */
  currentVersion: number;
  /** upcasters[v] lifts data of version v to version v + 1. */
  upcasters?: Readonly<Record<number, Upcaster>>;
}

/**
 * The event types the system knows, with the upcasters that read old shapes as new ones.
 * Stored events are never rewritten: an old shape is lifted on every read.
 */
export class EventTypeRegistry {
  private readonly types = new Map<string, EventTypeDefinition>();

  register(...definitions: EventTypeDefinition[]): this {
    for (const definition of definitions) {
      if (this.types.has(definition.type)) {
        throw new Error(`Event type ${definition.type} is registered twice`);
      }
      for (let v = 1; v < definition.currentVersion; v++) {
        if (!definition.upcasters?.[v]) {
          throw new Error(`Event type ${definition.type} has no upcaster from version ${v}`);
        }
      }
      this.types.set(definition.type, definition);
    }
    return this;
  }

  has(type: string): boolean {
    return this.types.has(type);
  }

  currentVersion(type: string): number {
    const definition = this.types.get(type);
    if (!definition) throw new EventDecodingError(type, 0, `Unknown event type ${type}`);
    return definition.currentVersion;
  }

  /** Returns the event with its data lifted to the current version of its type. */
  upcast<E extends RecordedEvent>(event: E): E {
    const definition = this.types.get(event.type);
    if (!definition) {
      throw new EventDecodingError(event.type, event.schemaVersion, `Unknown event type ${event.type}`);
    }
    if (event.schemaVersion === definition.currentVersion) return event;
    if (event.schemaVersion > definition.currentVersion || event.schemaVersion < 1) {
      throw new EventDecodingError(
        event.type,
        event.schemaVersion,
        `${event.type} v${event.schemaVersion} is not readable by this version (current v${definition.currentVersion})`,
      );
    }
    let data = event.data;
    for (let v = event.schemaVersion; v < definition.currentVersion; v++) {
      data = definition.upcasters![v]!(data, event);
    }
    return { ...event, data, schemaVersion: definition.currentVersion };
  }
}
