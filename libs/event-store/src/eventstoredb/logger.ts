/** The slice of a pino-style logger the adapter uses (context object first, message second). */
export interface EventStoreDbLogger {
  warn(context: Record<string, unknown>, message: string): void;
  error(context: Record<string, unknown>, message: string): void;
}

/** Used when no logger is given: warnings and errors to stderr. */
export const consoleLogger: EventStoreDbLogger = {
  warn: (context, message) => console.warn(`[eventstoredb] ${message}`, context),
  error: (context, message) => console.error(`[eventstoredb] ${message}`, context),
};
