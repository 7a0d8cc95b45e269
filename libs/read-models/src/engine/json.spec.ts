import Database from 'better-sqlite3';
import { adoptDocument, adoptSharedPart, assertName, canonicalJson, compareKeys, InvalidDocumentError, jsonEqual, normalizeDocument } from './json';

describe('normalizeDocument', () => {
  it('refuses a bigint and says where it is', () => {
    expect(() => normalizeDocument({ lines: [{ amount: 1n }] })).toThrow(
      new InvalidDocumentError('$.lines[0].amount', 'a bigint (store it as a decimal string)'),
    );
  });

  it.each([
    ['NaN', { x: Number.NaN }],
    ['Infinity', { x: Infinity }],
    ['a Date', { at: new Date(0) }],
    ['a Map', { m: new Map() }],
    ['a class instance', { c: new (class Money {})() }],
    ['undefined in an array', { xs: [1, undefined] }],
    ['a hole in an array', { xs: [1, , 3] }], // eslint-disable-line no-sparse-arrays
    ['a function', { f: () => 1 }],
    ['a symbol', { s: Symbol('s') }],
    ['undefined at the top', undefined],
  ])('refuses %s', (_, value) => {
    expect(() => normalizeDocument(value)).toThrow(InvalidDocumentError);
  });

  it('refuses a cycle instead of looping', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => normalizeDocument(cyclic)).toThrow(/cyclic/);
  });

  it('returns a frozen copy, as JSON would give it back', () => {
    const input = { a: 1, b: undefined, c: [{ d: -0 }], e: null };
    const doc = normalizeDocument(input) as { c: Array<{ d: number }> };
    expect(doc).toEqual({ a: 1, c: [{ d: 0 }], e: null });
    expect(Object.is(doc.c[0]!.d, 0)).toBe(true);
    expect(Object.keys(doc)).not.toContain('b');
    expect(doc).not.toBe(input);
    expect(Object.isFrozen(doc) && Object.isFrozen(doc.c) && Object.isFrozen(doc.c[0])).toBe(true);
    expect(() => {
      (doc.c[0] as { d: number }).d = 5;
    }).toThrow(TypeError);
  });

  it('keeps an own __proto__ member as data', () => {
    const doc = normalizeDocument(JSON.parse('{"__proto__": {"x": 1}}')) as object;
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(JSON.stringify(doc)).toBe('{"__proto__":{"x":1}}');
  });
});

describe('jsonEqual', () => {
  it('ignores member order but not array order', () => {
    expect(jsonEqual({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: 1 }, undefined)).toBe(false);
    expect(canonicalJson({ b: 1, a: [true, null, 's'] })).toBe('{"a":[true,null,"s"],"b":1}');
  });
});

describe('compareKeys', () => {
  it("orders keys as SQLite's BINARY collation does", () => {
    const keys = ['b', 'a', '', 'ab', 'B', 'æ', 'ø', 'å', '\uE000', '\uFFFF', '😀', '𝄞x', 'a\u0000', '10', '9'];
    const db = new Database(':memory:');
    db.exec('CREATE TABLE k (key TEXT)');
    const insert = db.prepare('INSERT INTO k VALUES (?)');
    for (const key of keys) insert.run(key);
    const sqliteOrder = db.prepare('SELECT key FROM k ORDER BY key').pluck().all();
    db.close();
    expect([...keys].sort(compareKeys)).toEqual(sqliteOrder);
    // Plain UTF-16 order would put U+E000 after the emoji.
    expect([...keys].sort()).not.toEqual(sqliteOrder);
  });
});

describe('document names', () => {
  it('accepts any well-formed key and refuses lone surrogates (SQLite would store U+FFFD)', () => {
    expect(assertName('key', 'sag 😀 æøå')).toBe('sag 😀 æøå');
    expect(assertName('key', '')).toBe('');
    expect(() => assertName('key', 'a\uD800b')).toThrow(/lone surrogate/);
    expect(() => assertName('key', '\uDC00')).toThrow(/lone surrogate/);
    expect(() => assertName('collection', '')).toThrow(/must not be empty/);
  });
});

describe('adoptDocument (the in-memory replays: frozen in place, not copied)', () => {
  it('gives the JSON normalizeDocument gives, and freezes the value itself', () => {
    const make = () => ({ a: 1, b: undefined, c: [{ d: -0, e: 'x' }, null, [1, -0]], f: { g: { h: true } } });
    const input = make();
    const adopted = adoptDocument(input) as Record<string, unknown>;
    expect(adopted).toBe(input);
    expect(canonicalJson(adopted as never)).toBe(canonicalJson(normalizeDocument(make())));
    expect(JSON.stringify(adopted)).toBe(JSON.stringify(normalizeDocument(make())));
    expect(Object.keys(adopted)).not.toContain('b');
    expect(Object.is((adopted['c'] as Array<{ d: number }>)[0]!.d, 0)).toBe(true);
    expect(Object.isFrozen(adopted) && Object.isFrozen(adopted['c']) && Object.isFrozen(adopted['f'])).toBe(true);
    expect(() => {
      (adopted as { a: number }).a = 2;
    }).toThrow(TypeError);
  });

  it('adoptSharedPart checks a part many documents hold and marks it, primitives only or not: documents share it as it is', () => {
    const source = adoptSharedPart({ kind: 'system', system: 's' });
    expect(Object.isFrozen(source)).toBe(true);
    const record = Object.freeze({ id: 'm1', source });
    expect((normalizeDocument({ items: [record] }) as { items: Array<{ source: unknown }> }).items[0]!.source).toBe(source);
    expect(() => adoptSharedPart({ at: Number.NaN })).toThrow(InvalidDocumentError);
    expect(Object.is(adoptSharedPart({ v: -0 }).v, 0)).toBe(true);
  });

  it('shares what is normalised already and copies what someone else froze', () => {
    const shared = normalizeDocument({ x: [1, 2] });
    const foreign = Object.freeze({ y: -0, z: undefined });
    const adopted = adoptDocument({ shared, foreign }) as { shared: unknown; foreign: unknown };
    expect(adopted.shared).toBe(shared);
    expect(adopted.foreign).not.toBe(foreign);
    expect(adopted.foreign).toEqual({ y: 0 });
  });

  it('shares a frozen object that is plain JSON all the way down, and copies one that is not', () => {
    const record = Object.freeze({ id: 'm1', value: 3.5, source: Object.freeze({ kind: 'system', system: 's' }), tags: normalizeDocument(['a']) });
    const adopted = adoptDocument({ items: [record] }) as { items: unknown[] };
    expect(adopted.items[0]).toBe(record);
    expect((normalizeDocument({ items: [record] }) as { items: unknown[] }).items[0]).toBe(record);
    // Not shared: a member that is not frozen (it could still change), an array without the
    // mark, -0, a Date.
    const inner = { kind: 'manual' };
    const open = Object.freeze({ id: 'm2', source: inner });
    const copied = (adoptDocument({ items: [open] }) as { items: Array<{ source: unknown }> }).items[0]!;
    expect(copied).not.toBe(open);
    expect(copied.source).not.toBe(inner);
    inner.kind = 'changed';
    expect(copied.source).toEqual({ kind: 'manual' });
    expect((adoptDocument({ x: Object.freeze({ list: Object.freeze([1]) }) }) as { x: unknown }).x).toEqual({ list: [1] });
    expect(Object.is((adoptDocument({ x: Object.freeze({ v: -0 }) }) as { x: { v: number } }).x.v, 0)).toBe(true);
    expect(() => adoptDocument({ x: Object.freeze({ at: new Date(0) }) })).toThrow(expect.objectContaining({ path: '$.x.at' }) as Error);
  });

  it.each([
    ['a bigint', { lines: [{ amount: 1n }] }, '$.lines[0].amount'],
    ['NaN', { x: [Number.NaN] }, '$.x[0]'],
    ['a Date', { at: new Date(0) }, '$.at'],
    ['undefined in an array', { xs: [1, undefined] }, '$.xs[1]'],
  ])('refuses %s and says where, as normalizeDocument does', (_, value, path) => {
    expect(() => adoptDocument(value)).toThrow(expect.objectContaining({ path }) as Error);
  });
});
