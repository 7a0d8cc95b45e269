import { createHash } from 'node:crypto';

/**
 * A UUID derived from a seed (a name and a command id, e.g. `business-case:<commandId>`): a
 * re-sent command names the same thing again. Version nibble 5 (name-based), RFC 4122 variant,
 * from the seed's SHA-256.
 */
export const uuidFromSeed = (seed: string): string => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
