import type { JsonValue } from './json';

/**
 * The JSON text of frozen arrays and objects, remembered: a frozen document never changes, and
 * a projection that writes a grown document shares the unchanged parts of the previous one
 * (normalizeDocument keeps subtrees it already normalised), so only what changed is written out
 * again. Weak: forgotten with the document.
 */
const TEXT = new WeakMap<object, string>();

/** Subtrees with less text than this are written out again rather than remembered. */
const REMEMBER_FROM = 64;

/**
 * Exactly `JSON.stringify(doc)` for a stored document (plain JSON: no undefined in arrays, no
 * toJSON, no non-finite numbers), reusing the text of frozen subtrees written before. Slower
 * than JSON.stringify for a document none of whose parts were written before: meant for large
 * documents that are written again and again (see SqliteBatchWriter.flush).
 */
export const stringifyDocument = (doc: JsonValue): string => text(doc);

const text = (value: JsonValue | undefined): string => {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  const known = TEXT.get(value);
  if (known !== undefined) return known;
  let out: string;
  if (Array.isArray(value)) {
    const items = value as readonly JsonValue[];
    out = '[';
    for (let i = 0; i < items.length; i++) out += (i > 0 ? ',' : '') + text(items[i]);
    out += ']';
  } else {
    const object = value as { readonly [member: string]: JsonValue | undefined };
    out = '{';
    let first = true;
    for (const member of Object.keys(object)) {
      const item = object[member];
      if (item === undefined) continue;
      out += (first ? '' : ',') + JSON.stringify(member) + ':' + text(item);
      first = false;
    }
    out += '}';
  }
  if (out.length >= REMEMBER_FROM && Object.isFrozen(value)) TEXT.set(value, out);
  return out;
};
