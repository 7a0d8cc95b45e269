import { createHash } from 'node:crypto';
import type { ConsumedMessage, OutgoingMessage } from '../port/messages';
import type { DeadLetterReason, FieldError } from './decode-measurement';

export const DEAD_LETTER_SCHEMA_V1 = 'gevinst.dead-letter.v1';

/** Headers on every dead letter (besides the original message's own headers, kept as they were). */
export const DEAD_LETTER_HEADERS = {
  reason: 'dlq-reason',
  detail: 'dlq-detail',
  sourceTopic: 'dlq-source-topic',
  sourcePartition: 'dlq-source-partition',
  sourceOffset: 'dlq-source-offset',
  failedAt: 'dlq-failed-at',
} as const;

/** The value of a dead letter: why, where from, and the original payload. */
export interface DeadLetterV1 {
  schema: typeof DEAD_LETTER_SCHEMA_V1;
  reason: DeadLetterReason;
  /** Human-readable; for 'rejected' it starts with the rejection code. */
  detail: string;
  /** For 'rejected': the code of the rejection, e.g. 'unknown-indicator'. */
  code?: string;
  errors?: FieldError[];
  source: { topic: string; partition: number; offset: string; key: string | null; timestamp: string };
  failedAt: string;
  payload: {
    /** utf8 when the bytes are valid UTF-8, else base64. */
    encoding: 'utf8' | 'base64';
    /** The original bytes (cut to `maxPayloadBytes` when `truncated`). */
    data: string;
    sizeBytes: number;
    truncated: boolean;
    sha256: string;
  };
}

export interface DeadLetterFacts {
  reason: DeadLetterReason;
  detail: string;
  code?: string;
  errors?: FieldError[];
}

const MAX_HEADER_DETAIL = 500;

const isValidUtf8 = (bytes: Buffer): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** Builds the dead letter for a message; payloads over `maxPayloadBytes` are cut (the hash is of the whole). */
export const deadLetterFor = (
  message: ConsumedMessage,
  facts: DeadLetterFacts,
  dlqTopic: string,
  maxPayloadBytes: number,
  now: Date = new Date(),
): OutgoingMessage => {
  const original = message.value ?? Buffer.alloc(0);
  const truncated = original.length > maxPayloadBytes;
  let kept = truncated ? original.subarray(0, maxPayloadBytes) : original;
  let utf8 = isValidUtf8(kept);
  if (!utf8 && truncated) {
    // The cut may have split a character: step back to a character boundary.
    for (let cut = kept.length - 1; cut >= kept.length - 3 && cut > 0 && !utf8; cut--) {
      if (isValidUtf8(kept.subarray(0, cut))) {
        kept = kept.subarray(0, cut);
        utf8 = true;
      }
    }
  }
  const failedAt = now.toISOString();
  const letter: DeadLetterV1 = {
    schema: DEAD_LETTER_SCHEMA_V1,
    reason: facts.reason,
    detail: facts.detail,
    ...(facts.code === undefined ? {} : { code: facts.code }),
    ...(facts.errors === undefined ? {} : { errors: facts.errors }),
    source: {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key ? message.key.toString('utf8') : null,
      timestamp: message.timestamp,
    },
    failedAt,
    payload: {
      encoding: utf8 ? 'utf8' : 'base64',
      data: utf8 ? kept.toString('utf8') : kept.toString('base64'),
      sizeBytes: original.length,
      truncated,
      sha256: createHash('sha256').update(original).digest('hex'),
    },
  };
  return {
    topic: dlqTopic,
    key: message.key ? message.key.toString('utf8') : null,
    value: JSON.stringify(letter),
    headers: {
      ...message.headers,
      'content-type': 'application/json',
      schema: DEAD_LETTER_SCHEMA_V1,
      [DEAD_LETTER_HEADERS.reason]: facts.reason,
      [DEAD_LETTER_HEADERS.detail]: facts.detail.slice(0, MAX_HEADER_DETAIL),
      [DEAD_LETTER_HEADERS.sourceTopic]: message.topic,
      [DEAD_LETTER_HEADERS.sourcePartition]: String(message.partition),
      [DEAD_LETTER_HEADERS.sourceOffset]: message.offset,
      [DEAD_LETTER_HEADERS.failedAt]: failedAt,
    },
  };
};
