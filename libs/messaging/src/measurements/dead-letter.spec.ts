import { createHash } from 'node:crypto';
import type { ConsumedMessage } from '../port/messages';
import { deadLetterFor, type DeadLetterV1 } from './dead-letter';

const message = (value: Buffer | null): ConsumedMessage => ({
  topic: 'gevinst.measurements.v1',
  partition: 2,
  offset: '41',
  key: Buffer.from('case-1'),
  value,
  headers: { traceparent: 'abc' },
  timestamp: '1700000000000',
});

describe('deadLetterFor', () => {
  it('carries reason, source coordinates, original headers and the payload', () => {
    const original = Buffer.from('{"value": ');
    const letter = deadLetterFor(message(original), { reason: 'invalid-json', detail: 'Unexpected end' }, 'dlq', 1024);
    const body = JSON.parse(String(letter.value)) as DeadLetterV1;
    expect(letter).toMatchObject({ topic: 'dlq', key: 'case-1' });
    expect(letter.headers).toMatchObject({ traceparent: 'abc', 'dlq-reason': 'invalid-json', 'dlq-source-offset': '41' });
    expect(body).toMatchObject({
      reason: 'invalid-json',
      source: { topic: 'gevinst.measurements.v1', partition: 2, offset: '41', key: 'case-1' },
      payload: { encoding: 'utf8', data: '{"value": ', sizeBytes: 10, truncated: false },
    });
  });

  it('cuts a huge payload (hash of the whole) and keeps bytes that are not UTF-8 as base64', () => {
    const huge = Buffer.from('é'.repeat(1000)); // 2000 bytes
    const cut = JSON.parse(String(deadLetterFor(message(huge), { reason: 'payload-too-large', detail: 'big' }, 'dlq', 101).value)) as DeadLetterV1;
    expect(cut.payload).toMatchObject({ encoding: 'utf8', truncated: true, sizeBytes: 2000 });
    expect(cut.payload.data).toBe('é'.repeat(50)); // cut back to a character boundary
    expect(cut.payload.sha256).toBe(createHash('sha256').update(huge).digest('hex'));

    const binary = Buffer.from([0xff, 0xfe, 0x00]);
    const letter = JSON.parse(String(deadLetterFor(message(binary), { reason: 'invalid-json', detail: 'x' }, 'dlq', 100).value)) as DeadLetterV1;
    expect(letter.payload).toMatchObject({ encoding: 'base64', data: binary.toString('base64') });
  });
});
