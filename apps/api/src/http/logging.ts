import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/** Structured JSON logs (pino) for the whole process; Nest's own messages go through it too. */
export const createLogger = (level: string): Logger =>
  pino({ level, base: { service: 'gevinst-api' }, timestamp: pino.stdTimeFunctions.isoTime });

export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}

interface Req {
  method: string;
  originalUrl?: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  actor?: { id: string; role: string };
}
interface Res {
  statusCode: number;
  setHeader(name: string, value: string): void;
  on(event: 'finish', listener: () => void): void;
}

/** One log line per request: method, path, status, duration, actor, correlation id. */
export const requestLogging =
  (logger: Logger) =>
  (req: Req, res: Res, next: () => void): void => {
    const started = process.hrtime.bigint();
    const incoming = req.headers['x-correlation-id'];
    const correlationId = typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : undefined;
    if (correlationId) res.setHeader('X-Correlation-Id', correlationId);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : 'info';
      logger[level](
        { method: req.method, path: (req.originalUrl ?? req.url).split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10, actor: req.actor?.id, correlationId },
        'request',
      );
    });
    next();
  };
