/**
 * Read-model documents are plain JSON. Every document a projection writes is checked and
 * copied into a frozen, normalised value here, by the SQLite store and the memory store
 * alike, so that a projection behaves the same on both (and a rebuild equals the live one).
 */
import { attached } from './attached';

export type JsonPrimitive = null | boolean | number | string;
/** A JSON value. Object members that are `undefined` are dropped, as JSON.stringify does. */
export type JsonValue = JsonPrimitive | readonly JsonValue[] | JsonObject;
export type JsonObject = { readonly [member: string]: JsonValue | undefined };

/** A document (or part of one) that is not plain JSON: a bigint, a Date, NaN, a Map, ... */
export class InvalidDocumentError extends TypeError {
  override readonly name = 'InvalidDocumentError';
  constructor(
    /** Where in the document, e.g. `$.lines[3].amount`. */
    readonly path: string,
    readonly problem: string,
  ) {
    super(`Not a JSON document: ${path} is ${problem}`);
  }
}

/** Objects nested deeper than this are refused (it also stops a cycle). */
const MAX_DEPTH = 200;

/**
 * Objects and arrays that normalizeDocument returned (or that came frozen from a stored
 * document): they are plain, frozen JSON already, so a new document that contains one (e.g.
 * `{ ...current, status }`, or `[...items, record]`) shares it instead of copying it again.
 * This keeps writing a grown document O(what changed), not O(document). A frozen object
 * without the mark is shared too when it is plain JSON all the way down (`frozenJson`, a walk
 * of its members that stops at marked values): a projection that writes millions of small
 * records (measurements) freezes them itself, which costs less than marking each; and an
 * object of primitives only is never marked (checking its members costs no more than the mark).
 */
const MARK = attached<true>();
const NORMALIZED = {
  has: (value: object): boolean => MARK.get(value) === true,
  add: (value: object): void => MARK.set(value, true),
};
// The mark is attached to the object itself (a private field, see attached.ts), not kept in a
// WeakSet: with millions of entries a WeakSet makes every add slow and V8's garbage collector
// slower (it was a fifth of an in-memory replay's time).

/**
 * Checks that `value` is plain JSON and returns a deep copy, frozen, with -0 as 0 and
 * `undefined` object members dropped. Refuses bigint (store it as a decimal string),
 * non-finite numbers, `undefined` in arrays or at the top, functions, symbols, and objects
 * that are not plain (Date, Map, class instances).
 */
export const normalizeDocument = (value: unknown): JsonValue => {
  try {
    return normalize(value, 0);
  } catch (error) {
    if (error instanceof PathError) throw new InvalidDocumentError(`$${error.path}`, error.problem);
    throw error;
  }
};

class PathError extends Error {
  constructor(
    public path: string,
    readonly problem: string,
  ) {
    super(problem);
  }
}

const normalize = (value: unknown, depth: number): JsonValue => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new PathError('', `the number ${value} (JSON has no NaN or Infinity)`);
      return value === 0 ? 0 : value; // -0 becomes 0, as in JSON
    case 'bigint':
      throw new PathError('', 'a bigint (store it as a decimal string)');
    case 'object': {
      if (value === null) return null;
      if (NORMALIZED.has(value)) return value as JsonValue;
      if (depth >= MAX_DEPTH) throw new PathError('', `nested more than ${MAX_DEPTH} deep (or cyclic)`);
      if (Array.isArray(value)) return normalizeArray(value, depth);
      const prototype = Object.getPrototypeOf(value) as unknown;
      if (prototype !== Object.prototype && prototype !== null) {
        const constructorName = (value as { constructor?: { name?: unknown } }).constructor?.name;
        throw new PathError('', `a ${typeof constructorName === 'string' ? constructorName : 'non-plain object'} (only plain objects)`);
      }
      if (Object.isFrozen(value) && frozenJson(value as Record<string, unknown>, depth)) return value as JsonValue;
      return normalizeObject(value as Record<string, unknown>, depth);
    }
    default:
      throw new PathError('', `${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}`);
  }
};

const normalizeArray = (value: readonly unknown[], depth: number): JsonValue => {
  const out = new Array<JsonValue>(value.length);
  for (let i = 0; i < value.length; i++) {
    const item = value[i];
    // The common cases inline (numbers of figures, strings): no call, no try.
    if (typeof item === 'number' && Number.isFinite(item)) {
      out[i] = item === 0 ? 0 : item;
      continue;
    }
    if (typeof item === 'string' || item === null) {
      out[i] = item;
      continue;
    }
    try {
      if (item === undefined) throw new PathError('', 'undefined (or a hole) in an array');
      out[i] = normalize(item, depth + 1);
    } catch (error) {
      if (error instanceof PathError) error.path = `[${i}]${error.path}`;
      throw error;
    }
  }
  NORMALIZED.add(out);
  return Object.freeze(out);
};

const normalizeObject = (value: Record<string, unknown>, depth: number): JsonValue => {
  const out: Record<string, JsonValue> = {};
  let leaf = true;
  for (const member of Object.keys(value)) {
    const item = value[member];
    if (item === undefined) continue;
    if ((typeof item === 'string' || (typeof item === 'number' && item !== 0 && Number.isFinite(item))) && member !== '__proto__') {
      out[member] = item;
      continue;
    }
    if (typeof item === 'object' && item !== null) leaf = false;
    try {
      const normalized = normalize(item, depth + 1);
      // An own "__proto__" member (JSON.parse makes them) must not become a prototype.
      if (member === '__proto__') {
        Object.defineProperty(out, member, { value: normalized, enumerable: true, writable: true, configurable: true });
      } else {
        out[member] = normalized;
      }
    } catch (error) {
      if (error instanceof PathError) error.path = `${memberPath(member)}${error.path}`;
      throw error;
    }
  }
  // Primitives only: not marked (see adopt).
  if (!leaf) NORMALIZED.add(out);
  return Object.freeze(out);
};

/**
 * A frozen plain object that normalizeDocument would return unchanged: every member defined,
 * numbers finite and not -0, nested objects frozen plain JSON too, nested arrays marked.
 */
const frozenJson = (value: Record<string, unknown>, depth: number): boolean => {
  if (depth >= MAX_DEPTH) return false;
  // for-in, not Object.keys: no array per object (the prototype, checked, has no enumerable members).
  for (const member in value) {
    const item = value[member];
    switch (typeof item) {
      case 'string':
      case 'boolean':
        continue;
      case 'number':
        if (!Number.isFinite(item) || Object.is(item, -0)) return false;
        continue;
      case 'object': {
        if (item === null || NORMALIZED.has(item)) continue;
        if (Array.isArray(item) || !Object.isFrozen(item)) return false;
        const prototype = Object.getPrototypeOf(item) as unknown;
        if ((prototype !== Object.prototype && prototype !== null) || !frozenJson(item as Record<string, unknown>, depth + 1)) return false;
        continue;
      }
      default:
        return false;
    }
  }
  return true;
};

/**
 * normalizeDocument without the copy, for a writer whose documents never leave the process
 * (the in-memory replays): checks the value exactly as normalizeDocument does and gives the
 * same JSON, but freezes the projection's fresh objects in place (dropping `undefined`
 * members, turning -0 into 0) instead of copying them. A subtree frozen by someone else is
 * shared or copied as normalizeDocument would. Afterwards the projection cannot change what it put: a
 * write to it throws, as it would on a normalised copy.
 */
export const adoptDocument = (value: unknown): JsonValue => {
  try {
    return adopt(value, 0);
  } catch (error) {
    if (error instanceof PathError) throw new InvalidDocumentError(`$${error.path}`, error.problem);
    throw error;
  }
};

const adopt = (value: unknown, depth: number): JsonValue => {
  if (typeof value !== 'object' || value === null) return normalize(value, depth);
  // Marked (normalised) or frozen by someone else: shared when it is plain JSON already, copied
  // otherwise. (Only frozen objects are ever marked: an unfrozen one needs no look for a mark.)
  if (Object.isFrozen(value)) return normalize(value, depth);
  if (depth >= MAX_DEPTH) throw new PathError('', `nested more than ${MAX_DEPTH} deep (or cyclic)`);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'number' && Number.isFinite(item)) {
        if (item === 0) value[i] = 0;
        continue;
      }
      if (typeof item === 'string' || item === null) continue;
      try {
        if (item === undefined) throw new PathError('', 'undefined (or a hole) in an array');
        const adopted = adopt(item, depth + 1);
        if (!Object.is(adopted, item)) value[i] = adopted;
      } catch (error) {
        if (error instanceof PathError) error.path = `[${i}]${error.path}`;
        throw error;
      }
    }
  } else {
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return normalize(value, depth);
    const object = value as Record<string, unknown>;
    let leaf = true;
    // for-in, not Object.keys: no array per object (the prototype, checked, has no enumerable
    // members; a member deleted below is one already visited).
    for (const member in object) {
      const item = object[member];
      if (typeof item === 'string' || (typeof item === 'number' && item !== 0 && Number.isFinite(item))) continue;
      if (item === undefined) {
        delete object[member];
        continue;
      }
      if (typeof item === 'object' && item !== null) leaf = false;
      try {
        const adopted = adopt(item, depth + 1);
        if (!Object.is(adopted, item)) object[member] = adopted;
      } catch (error) {
        if (error instanceof PathError) error.path = `${memberPath(member)}${error.path}`;
        throw error;
      }
    }
    // An object of primitives only is not marked: checking its members again (frozenJson) costs
    // no more than the mark, which would give each of millions of small objects (trajectory
    // points) a property store of its own.
    if (leaf) return Object.freeze(value) as JsonValue;
  }
  NORMALIZED.add(value);
  return Object.freeze(value) as JsonValue;
};

/**
 * adoptDocument for a value that many documents will hold (e.g. one measurement source shared
 * by every record from that system): checked and frozen the same way, and marked even when it
 * holds primitives only, so that each document holding it passes it with one look-up instead
 * of checking its members again.
 */
export const adoptSharedPart = <T extends JsonValue>(value: T): T => {
  const adopted = adoptDocument(value);
  if (typeof adopted === 'object' && adopted !== null) NORMALIZED.add(adopted);
  return adopted as T;
};

const memberPath = (member: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(member) ? `.${member}` : `[${JSON.stringify(member)}]`;

/** Freezes a value fresh from JSON.parse (already plain JSON) in place. */
export const freezeParsed = (value: unknown): JsonValue => {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value)) {
      for (const item of value) freezeParsed(item);
    } else {
      for (const member of Object.keys(value)) freezeParsed((value as Record<string, unknown>)[member]);
    }
    Object.freeze(value);
    NORMALIZED.add(value);
  }
  return value as JsonValue;
};

/** JSON with object members sorted, so that equal documents give equal text. */
export const canonicalJson = (value: JsonValue | undefined): string => {
  if (value === undefined) return 'undefined';
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${(value as readonly JsonValue[]).map(canonicalJson).join(',')}]`;
  const object = value as JsonObject;
  const members = Object.keys(object)
    .filter((member) => object[member] !== undefined)
    .sort(compareKeys)
    .map((member) => `${JSON.stringify(member)}:${canonicalJson(object[member])}`);
  return `{${members.join(',')}}`;
};

/** Stable deep equality of JSON values (member order does not matter, array order does). */
export const jsonEqual = (a: JsonValue | undefined, b: JsonValue | undefined): boolean =>
  canonicalJson(a) === canonicalJson(b);

/**
 * Code units from U+D800 up: only where both strings have one can UTF-16 order (JavaScript's
 * `<`) differ from code point order.
 */
const HIGH_CODE_UNIT = /[\uD800-\uFFFF]/;

/**
 * Orders keys by Unicode code point, which is the order of their UTF-8 bytes and so the
 * order SQLite's BINARY collation gives: both stores list keys in the same order.
 * (Plain `<` compares UTF-16 code units, which differs for characters above U+FFFF.)
 */
export const compareKeys = (a: string, b: string): number => {
  if (a === b) return 0;
  if (!HIGH_CODE_UNIT.test(a) || !HIGH_CODE_UNIT.test(b)) return a < b ? -1 : 1;
  return compareCodePoints(a, b);
};

/** True when `key` compares with any string by `<` exactly as by code point. */
export const isPlainKey = (key: string): boolean => !HIGH_CODE_UNIT.test(key);

const compareCodePoints = (a: string, b: string): number => {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        // Surrogates (U+D800–DFFF, i.e. code points above U+FFFF) sort after U+E000–FFFF.
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
};

/** Sorts keys in place by code point (natively when no key needs more). */
export const sortKeys = (keys: string[]): string[] => (keys.every(isPlainKey) ? keys.sort() : keys.sort(compareKeys));

/** Cheap first test (pairs match too); the `u` regex then finds only lone ones. */
const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Collections and keys are non-empty (collections) well-formed strings: SQLite stores UTF-8. */
export const assertName = (what: 'collection' | 'key' | 'prefix' | 'projection', value: unknown): string => {
  if (typeof value !== 'string') throw new TypeError(`A document ${what} must be a string, not ${typeof value}`);
  if (what === 'collection' || what === 'projection') {
    if (value.length === 0) throw new TypeError(`A ${what} name must not be empty`);
  }
  if (ANY_SURROGATE.test(value) && LONE_SURROGATE.test(value)) throw new TypeError(`A document ${what} must be well-formed Unicode (lone surrogate in ${JSON.stringify(value)})`);
  return value;
};
