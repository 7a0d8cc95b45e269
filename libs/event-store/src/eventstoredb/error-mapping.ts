import { ErrorType, isCommandError } from '@eventstore/db-client';
import { EventStoreUnavailableError } from '../errors';

/** Client errors that mean "the store cannot do its job right now", not "your request is wrong". */
const UNAVAILABLE_TYPES: ReadonlySet<string> = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.CANCELLED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
  ErrorType.ACCESS_DENIED,
  ErrorType.UNKNOWN,
]);

/** Errors no retry can cure: a dropped subscription that fails with one of these stops for good. */
const PERMANENT_TYPES: ReadonlySet<string> = new Set<string>([
  ErrorType.ACCESS_DENIED,
  ErrorType.INVALID_ARGUMENT,
  ErrorType.STREAM_DELETED,
  ErrorType.UNSUPPORTED,
]);

export const isPermanentClientError = (error: unknown): boolean =>
  error instanceof Error && isCommandError(error) && PERMANENT_TYPES.has(error.type);

/** Maps the client's unavailability errors to EventStoreUnavailableError; anything else passes through. */
export const toStoreError = (error: unknown, operation: string): unknown => {
  if (error instanceof EventStoreUnavailableError) return error;
  if (error instanceof Error && isCommandError(error) && UNAVAILABLE_TYPES.has(error.type)) {
    return new EventStoreUnavailableError(`EventStoreDB ${operation} failed (${error.type}): ${error.message}`, {
      cause: error,
    });
  }
  // Discovery and channel failures surface as plain errors before any call is made.
  if (error instanceof Error && /Failed to discover|No connection established|ECONNREFUSED/i.test(error.message)) {
    return new EventStoreUnavailableError(`EventStoreDB ${operation} failed: ${error.message}`, { cause: error });
  }
  return error;
};
