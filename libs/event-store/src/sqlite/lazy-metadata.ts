import { EventDecodingError } from '../errors';
import type { EventMetadata } from '../event';

/**
 * The metadata of an event read by a long scan, parsed from its JSON when it is first read,
 * except `recordedAt`, which comes from the row's `recorded_at` column.
 *
 * A replay reads the metadata of every event only for `recordedAt` (the log's clock, the
 * as-of time limit). Parsing the rest (who, which command, why) took about a third of the
 * decoding of the 1,000,000-event bench log (docs/audit.md). The JSON is parsed the first time
 * anything else is asked of the metadata: a member, its keys, `in`, a spread, JSON.stringify.
 * From then on the object holds what an eager JSON.parse would have given, in the same order,
 * so every ordinary use (reading members, spreads, JSON, equality in tests) sees the same
 * object as before.
 *
 * The column and the metadata's `recordedAt` are written together and `verifyChain` reports a
 * row where they differ (as tampering), so they are the same value in any log that verifies.
 * Metadata that is not valid JSON is reported as an EventDecodingError naming the event's
 * position when it is first read, not when the page is read; a replay that never reads it does
 * not notice (verifyChain does).
 *
 * Two limits, as for any Proxy: structuredClone and postMessage refuse it (no event is posted
 * between threads), and util.inspect shows the object as far as it has been parsed.
 */
export const lazyMetadata = (json: string, recordedAt: string, position: bigint, type: string, schemaVersion: number): EventMetadata =>
  new Proxy({}, new LazyMetadata(json, recordedAt, position, type, schemaVersion)) as EventMetadata;

class LazyMetadata implements ProxyHandler<Record<string | symbol, unknown>> {
  private parsed = false;

  constructor(
    private readonly json: string,
    private readonly recordedAt: string,
    private readonly position: bigint,
    private readonly type: string,
    private readonly schemaVersion: number,
  ) {}

  get(target: Record<string | symbol, unknown>, member: string | symbol): unknown {
    if (member === 'recordedAt' && !this.parsed) return this.recordedAt;
    this.parse(target);
    return target[member];
  }

  // Everything else that reads the object parses it first, then asks the filled target.
  set(target: Record<string | symbol, unknown>, member: string | symbol, value: unknown): boolean {
    this.parse(target);
    return Reflect.set(target, member, value);
  }
  has(target: object, member: string | symbol): boolean {
    this.parse(target);
    return Reflect.has(target, member);
  }
  ownKeys(target: object): (string | symbol)[] {
    this.parse(target);
    return Reflect.ownKeys(target);
  }
  getOwnPropertyDescriptor(target: object, member: string | symbol): PropertyDescriptor | undefined {
    this.parse(target);
    return Reflect.getOwnPropertyDescriptor(target, member);
  }
  defineProperty(target: object, member: string | symbol, descriptor: PropertyDescriptor): boolean {
    this.parse(target);
    return Reflect.defineProperty(target, member, descriptor);
  }
  deleteProperty(target: object, member: string | symbol): boolean {
    this.parse(target);
    return Reflect.deleteProperty(target, member);
  }
  preventExtensions(target: object): boolean {
    this.parse(target);
    return Reflect.preventExtensions(target);
  }
  isExtensible(target: object): boolean {
    this.parse(target);
    return Reflect.isExtensible(target);
  }

  private parse(target: object): void {
    if (this.parsed) return;
    let metadata: unknown;
    try {
      metadata = JSON.parse(this.json);
    } catch (error) {
      throw new EventDecodingError(this.type, this.schemaVersion, `Event at position ${this.position}: its metadata is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw new EventDecodingError(this.type, this.schemaVersion, `Event at position ${this.position}: its metadata is not a JSON object`);
    }
    // Member by member as JSON.parse made them (an own "__proto__" member stays a member).
    for (const [member, value] of Object.entries(metadata)) Object.defineProperty(target, member, { value, writable: true, enumerable: true, configurable: true });
    this.parsed = true;
  }
}
