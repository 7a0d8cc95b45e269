import { randomUUID } from 'node:crypto';
import type { ProposedEvent } from './in-memory-log';

/** A JSON event as the double's seed data writes it (system events of a fresh server). */
export const jsonProposedEvent = (type: string, data: unknown): ProposedEvent => ({
  id: randomUUID(),
  type,
  contentType: 'application/json',
  customMetadata: new Uint8Array(),
  data: Uint8Array.from(Buffer.from(JSON.stringify(data), 'utf8')),
});
