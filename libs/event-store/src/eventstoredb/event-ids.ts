import { createHash } from 'node:crypto';

/**
 * Namespace of Gevinst's name-based event ids (a fixed, random uuid; never change it, or
 * re-sent commands stop mapping to the ids they were first appended with).
 */
export const GEVINST_EVENT_ID_NAMESPACE = '5b0e4c1e-8f55-4d1a-9a0c-2f7f4a1d6c3e';

const parseUuid = (uuid: string): Buffer => {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`Not a uuid: ${uuid}`);
  return Buffer.from(hex, 'hex');
};

const formatUuid = (bytes: Buffer): string => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};

/** RFC 9562 version 5 (SHA-1, name-based) uuid, on node:crypto. */
export const uuidV5 = (name: string, namespace: string): string => {
  const hash = createHash('sha1').update(parseUuid(namespace)).update(name, 'utf8').digest();
  const bytes = Buffer.from(hash.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC variant
  return formatUuid(bytes);
};

/**
 * The id of the `index`-th event of the append made by `commandId`, when the caller gave none.
 * The same command re-sent yields the same ids, so EventStoreDB's own idempotency on event ids
 * recognises the re-send too (see eventstoredb-event-store.ts for how duplicates are detected).
 */
export const deterministicEventId = (commandId: string, index: number): string =>
  uuidV5(`${commandId}/${index}`, GEVINST_EVENT_ID_NAMESPACE);
