import type { ConsumedMessage } from '../port/messages';
import { decodeMeasurement } from './decode-measurement';
import { MEASUREMENT_SCHEMA_V1 } from './measurement-message';

const valid = {
  schema: MEASUREMENT_SCHEMA_V1,
  messageId: '0b7c3c1e-8f7a-4c4b-9d5e-1f2a3b4c5d6e',
  indicatorId: 'sagsbehandlingstid',
  caseId: 'case-42',
  value: 12,
  unit: 'days',
  period: '2026-01',
  date: '2026-01-31',
  source: { system: 'KMD Nexus' },
  recordedBy: 'svc-export',
};

const message = (value: unknown): ConsumedMessage => ({
  topic: 'gevinst.measurements.v1',
  partition: 1,
  offset: '17',
  key: null,
  value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: {},
  timestamp: '0',
});

const decode = (value: unknown) => decodeMeasurement(message(value), 64 * 1024);
const failedFields = (value: unknown): string[] => {
  const result = decode(value);
  if (result.ok) throw new Error('expected a failure');
  return (result.errors ?? []).map((e) => e.field);
};

describe('decodeMeasurement (gevinst.measurement.v1)', () => {
  it('turns a valid message into a command whose id is the message id', () => {
    const result = decode({ ...valid, extraFieldFromANewerProducer: true });
    expect(result).toEqual({
      ok: true,
      command: {
        commandId: valid.messageId,
        indicatorId: 'sagsbehandlingstid',
        caseId: 'case-42',
        value: 12,
        unit: 'days',
        period: '2026-01',
        date: '2026-01-31',
        source: { system: 'KMD Nexus' },
        recordedBy: 'svc-export',
        receivedFrom: { topic: 'gevinst.measurements.v1', partition: 1, offset: '17' },
      },
    });
  });

  it('takes a year as period, and no date', () => {
    expect(decode({ ...valid, period: '2026', date: undefined })).toMatchObject({ ok: true, command: { period: '2026' } });
    expect(decode({ ...valid, period: '2026', date: '2026-07-14' })).toMatchObject({ ok: true, command: { date: '2026-07-14' } });
  });

  it.each([
    ['empty', null, 'empty-payload'],
    ['not JSON', '{"value": ', 'invalid-json'],
    ['a JSON array', '[1,2]', 'validation-failed'],
    ['too large', { ...valid, note: 'x'.repeat(70 * 1024) }, 'payload-too-large'],
  ])('says why a message that is %s cannot be a measurement', (_what, value, reason) => {
    expect(decode(value)).toMatchObject({ ok: false, reason });
  });

  it.each([
    ['unknown unit', { unit: 'furlongs' }, 'unit'],
    ['value as a string', { value: '12' }, 'value'],
    ['fractional count', { unit: 'count', value: 2.5 }, 'value'],
    ['percent above 100', { unit: 'percent', value: 101 }, 'value'],
    ['negative duration', { value: -1 }, 'value'],
    ['non-integer øre', { unit: 'ore', value: 10.5 }, 'value'],
    ['no message id', { messageId: undefined }, 'messageId'],
    ['message id not a uuid', { messageId: '42' }, 'messageId'],
    ['wrong schema', { schema: 'gevinst.measurement.v2' }, 'schema'],
    ['a period that is a day', { period: '2026-01-31' }, 'period'],
    ['month 13', { period: '2026-13', date: undefined }, 'period'],
    ['impossible date', { period: '2026-02', date: '2026-02-30' }, 'date'],
    ['date outside the period', { date: '2026-02-01' }, 'date'],
    ['no source system', { source: {} }, 'source.system'],
    ['no source', { source: undefined }, 'source'],
    ['indicator id with spaces', { indicatorId: 'a b' }, 'indicatorId'],
  ])('rejects %s', (_what, change, field) => {
    expect(failedFields({ ...valid, ...change })).toContain(field);
  });
});
