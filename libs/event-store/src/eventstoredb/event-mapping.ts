/**
 * Our events ⇄ EventStoreDB events.
 *
 * - data: the event's data as JSON (content type application/json).
 * - ESDB metadata (custom metadata, JSON): our EventMetadata fields plus `schemaVersion`, and
 *   `$correlationId` / `$causationId`, the names EventStoreDB's own tooling (the
 *   $by_correlation_id projection, the UI) understands. Only our fields are read back.
 * - revision: the event's stream revision (bigint).
 * - position: the event's commit position in $all (bigint). See eventstoredb-event-store.ts.
 */
import type { EventData, JSONType, Position, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { EventDecodingError, EventStoreUnavailableError } from '../errors';
import type { EventMetadata, NewEvent, RecordedEvent } from '../event';
import { deterministicEventId } from './event-ids';

/** What we store as the ESDB event's custom metadata. */
interface StoredMetadata extends EventMetadata {
  schemaVersion: number;
  $correlationId: string;
  $causationId: string;
}

/** EventStoreDB's own events ($-prefixed types, and anything in a $-prefixed stream) are not ours. */
export const isSystemEvent = (eventType: string, streamName: string): boolean =>
  eventType.startsWith('$') || streamName.startsWith('$');

/**
 * The ESDB event for the `index`-th of one append. Serialises eagerly, so that data that is
 * not JSON fails here, before anything is sent, and the append writes nothing.
 */
export const toEventData = (event: NewEvent, index: number): EventData => {
  const schemaVersion = event.schemaVersion ?? 1;
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw new TypeError(`Event ${event.type}: schemaVersion must be a positive integer, got ${String(schemaVersion)}`);
  }
  const serialized = JSON.stringify(event.data); // throws on cycles and bigints
  if (serialized === undefined) throw new TypeError(`Event ${event.type}: data is not JSON-serialisable`);

  const { actorId, actorRole, recordedAt, correlationId, causationId, commandId, reason } = event.metadata;
  const metadata: StoredMetadata = {
    schemaVersion,
    actorId,
    actorRole,
    recordedAt,
    correlationId,
    causationId,
    commandId,
    ...(reason === undefined ? {} : { reason }),
    $correlationId: correlationId,
    $causationId: causationId,
  };
  return {
    id: event.id ?? deterministicEventId(commandId, index),
    contentType: 'application/json',
    type: event.type,
    // The client JSON.stringifies this again; parsing our own output keeps its type honest.
    data: JSON.parse(serialized) as JSONType,
    metadata: metadata as unknown as JSONType,
  };
};

/** The server reports ulong.MaxValue where it has no $all position (stream reads before 22.6). */
const NO_POSITION = 2n ** 64n - 1n;

export const commitPositionOf = (position: Position | undefined, eventId: string): bigint => {
  if (position === undefined || position.commit === NO_POSITION) {
    throw new EventStoreUnavailableError(
      `EventStoreDB returned event ${eventId} without its $all position; ` +
        'this adapter needs a server that reports positions on stream reads (EventStoreDB 22.6 or later)',
    );
  }
  return position.commit;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/** Our metadata fields of an ESDB event, or undefined when the event was not written by us. */
export const readMetadata = (raw: unknown): (EventMetadata & { schemaVersion: number }) | undefined => {
  if (!isRecord(raw)) return undefined;
  const text = (key: string): string | undefined => (typeof raw[key] === 'string' ? (raw[key] as string) : undefined);
  const actorId = text('actorId');
  const actorRole = text('actorRole');
  const recordedAt = text('recordedAt');
  const correlationId = text('correlationId');
  const causationId = text('causationId');
  const commandId = text('commandId');
  if (
    actorId === undefined ||
    actorRole === undefined ||
    recordedAt === undefined ||
    correlationId === undefined ||
    causationId === undefined ||
    commandId === undefined
  ) {
    return undefined;
  }
  const schemaVersion = raw['schemaVersion'] === undefined ? 1 : raw['schemaVersion'];
  if (typeof schemaVersion !== 'number' || !Number.isInteger(schemaVersion) || schemaVersion < 1) return undefined;
  const reason = text('reason');
  return {
    actorId,
    actorRole,
    recordedAt,
    correlationId,
    causationId,
    commandId,
    ...(reason === undefined ? {} : { reason }),
    schemaVersion,
  };
};

/** Maps an ESDB event to ours; an event we cannot read is an EventDecodingError, never skipped silently. */
export const toRecordedEvent = (event: EsdbRecordedEvent): RecordedEvent => {
  if (!event.isJson) {
    throw new EventDecodingError(event.type, 0, `Event ${event.id} in ${event.streamId} is not JSON`);
  }
  const metadata = readMetadata(event.metadata);
  if (!metadata) {
    throw new EventDecodingError(
      event.type,
      0,
      `Event ${event.id} in ${event.streamId} has no Gevinst metadata (actor, time, correlation, causation, command)`,
    );
  }
  const { schemaVersion, ...eventMetadata } = metadata;
  return {
    id: event.id,
    type: event.type,
    schemaVersion,
    data: event.data,
    metadata: eventMetadata,
    streamName: event.streamId,
    revision: event.revision,
    position: commitPositionOf(event.position, event.id),
  };
};
