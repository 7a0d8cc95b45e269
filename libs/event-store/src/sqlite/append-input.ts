import { randomUUID } from 'node:crypto';
import type { AppendOptions, EventMetadata, ExpectedRevision, NewEvent } from '../event';

/** One event of an append, validated and serialised, ready to insert. */
export interface PreparedEvent {
  id: string;
  type: string;
  schemaVersion: number;
  dataJson: string;
  metadataJson: string;
  recordedAt: string;
}

export interface PreparedAppend {
  stream: string;
  expected: ExpectedRevision;
  commandId: string;
  events: PreparedEvent[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQUIRED_METADATA = ['actorId', 'actorRole', 'recordedAt', 'correlationId', 'causationId', 'commandId'] as const;

const invalid = (stream: string, message: string): TypeError =>
  new TypeError(`Invalid append to stream ${JSON.stringify(stream)}: ${message}`);

const isValidExpected = (expected: unknown): expected is ExpectedRevision =>
  (typeof expected === 'bigint' && expected >= 0n) ||
  expected === 'no-stream' ||
  expected === 'exists' ||
  expected === 'any';

/**
 * Checks an append from the outside world and serialises it, before the write lock is taken
 * (a rejected input never opens a transaction, and the lock is held only for the inserts).
 * Throws TypeError for input that no store could accept.
 */
export const prepareAppend = (
  stream: string,
  events: readonly NewEvent[],
  options: AppendOptions,
): PreparedAppend => {
  if (typeof stream !== 'string' || stream.length === 0) throw invalid(String(stream), 'the stream name is empty');
  if (!Array.isArray(events) || events.length === 0) throw invalid(stream, 'no events to append');
  const expected = options?.expectedRevision;
  if (!isValidExpected(expected)) {
    throw invalid(stream, `expectedRevision must be a bigint >= 0, 'no-stream', 'exists' or 'any' (got ${String(expected)})`);
  }
  const commandId = events[0]?.metadata?.commandId;
  const prepared: PreparedEvent[] = new Array<PreparedEvent>(events.length);
  const ids = new Set<string>();
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const where = `event ${i + 1} of ${events.length}`;
    if (typeof event.type !== 'string' || event.type.length === 0) throw invalid(stream, `${where} has no type`);
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
      throw invalid(stream, `${where} (${event.type}) has schema version ${String(schemaVersion)}; it must be an integer >= 1`);
    }
    const id = event.id ?? randomUUID();
    if (typeof id !== 'string' || !UUID.test(id)) throw invalid(stream, `${where} (${event.type}) has id ${String(id)}, not a uuid`);
    if (ids.has(id)) throw invalid(stream, `${where} (${event.type}) repeats event id ${id}`);
    ids.add(id);
    const metadata = normaliseMetadata(stream, where, event.metadata);
    if (metadata.commandId !== commandId) {
      throw invalid(stream, `all events of one append must carry the same command id (${where} has ${metadata.commandId}, event 1 has ${String(commandId)})`);
    }
    prepared[i] = {
      id,
      type: event.type,
      schemaVersion,
      dataJson: serialiseData(stream, where, event),
      metadataJson: JSON.stringify(metadata),
      recordedAt: metadata.recordedAt,
    };
  }
  return { stream, expected, commandId: commandId as string, events: prepared };
};

/** Keeps exactly the port's metadata fields, in a fixed order (the stored text is hashed). */
const normaliseMetadata = (stream: string, where: string, metadata: EventMetadata | undefined): EventMetadata => {
  if (typeof metadata !== 'object' || metadata === null) throw invalid(stream, `${where} has no metadata`);
  for (const field of REQUIRED_METADATA) {
    const value = metadata[field];
    if (typeof value !== 'string' || value.length === 0) {
      throw invalid(stream, `${where} has no metadata.${field}`);
    }
  }
  if (metadata.reason !== undefined && typeof metadata.reason !== 'string') {
    throw invalid(stream, `${where} has a metadata.reason that is not a string`);
  }
  const normalised: EventMetadata = {
    actorId: metadata.actorId,
    actorRole: metadata.actorRole,
    recordedAt: metadata.recordedAt,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    commandId: metadata.commandId,
  };
  if (metadata.reason !== undefined) normalised.reason = metadata.reason;
  return normalised;
};

const serialiseData = (stream: string, where: string, event: NewEvent): string => {
  let json: string | undefined;
  try {
    json = JSON.stringify(event.data);
  } catch (error) {
    // Circular structures and bigints: the log holds JSON only (bigints go in as strings).
    throw invalid(stream, `${where} (${event.type}) has data that is not JSON: ${(error as Error).message}`);
  }
  if (json === undefined) throw invalid(stream, `${where} (${event.type}) has no data`);
  return json;
};
