/** The log calls the messaging code makes; pino's logger fits it as it is. */
export interface MessagingLogger {
  error(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  info(object: Record<string, unknown>, message: string): void;
  debug(object: Record<string, unknown>, message: string): void;
}

const ignore = (): void => undefined;

export const silentLogger: MessagingLogger = { error: ignore, warn: ignore, info: ignore, debug: ignore };

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
