import type { ExpectedRevision } from './event';

/** The stream was not at the revision the appender expected: someone else wrote first. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or 'no-stream'. */
    readonly actual: bigint | 'no-stream',
  ) {
    super(
      `Stream ${streamName}: expected revision ${String(expected)}, but it is at ${String(actual)}`,
    );
  }
}

/** A stored event could not be read as any known shape (unknown type or version). */
export class EventDecodingError extends Error {
  override readonly name = 'EventDecodingError';
  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    message: string,
  ) {
    super(message);
  }
}

/** The store is unreachable, full, read-only or otherwise unable to do its job. */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
