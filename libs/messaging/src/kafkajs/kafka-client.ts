import { Kafka, logLevel, type LogEntry, type logCreator } from 'kafkajs';
import { silentLogger, type MessagingLogger } from '../support/logger';

export interface KafkaClientOptions {
  brokers: readonly string[];
  clientId: string;
  logger?: MessagingLogger;
  /** kafkajs' own log level (default 'warn'). */
  kafkaLogLevel?: 'error' | 'warn' | 'info' | 'debug' | 'nothing';
  /** ms to open a TCP connection (default 3000). */
  connectionTimeoutMs?: number;
  /** ms to wait for a broker response (default 30000). */
  requestTimeoutMs?: number;
}

/** Parses KAFKA_BROKERS ("host:port[,host:port...]"). */
export const parseBrokers = (value: string): string[] => {
  const brokers = value
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) throw new Error(`Not a host:port broker address: "${broker}"`);
  }
  if (brokers.length === 0) throw new Error('No Kafka broker given');
  return brokers;
};

const levels: Record<NonNullable<KafkaClientOptions['kafkaLogLevel']>, logLevel> = {
  nothing: logLevel.NOTHING,
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/**
 * kafkajs warns that finite retries on an idempotent producer "may invalidate EoS guarantees".
 * We limit them on purpose: the relay retries whole batches itself, and consumers de-duplicate
 * by event id, so a send that kafkajs gave up on is never lost, at worst written twice.
 */
const deliberatelyIgnored = [/Limiting retries for the idempotent producer/];

const bridge =
  (logger: MessagingLogger): logCreator =>
  () =>
  ({ namespace, level, log }: LogEntry) => {
    const { message, ...extra } = log;
    if (deliberatelyIgnored.some((pattern) => pattern.test(message))) return;
    const fields: Record<string, unknown> = { kafkajs: namespace, ...extra };
    const text = `kafkajs: ${message}`;
    if (level === logLevel.ERROR) logger.error(fields, text);
    else if (level === logLevel.WARN) logger.warn(fields, text);
    else if (level === logLevel.INFO) logger.info(fields, text);
    else logger.debug(fields, text);
  };

/** One kafkajs client; producers, consumers and admins are made from it. */
export const createKafkaClient = (options: KafkaClientOptions): Kafka =>
  new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    logLevel: levels[options.kafkaLogLevel ?? 'warn'],
    logCreator: bridge(options.logger ?? silentLogger),
    // Short client-level retries: outages surface quickly to our own backoff loops, which keep
    // retrying without losing anything and report their state.
    retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 4 },
  });
