import { attached } from './attached';

describe('attached', () => {
  it('keeps a value on a frozen object, unseen by JSON, keys, spreads and structuredClone', () => {
    const slot = attached<number[]>();
    const other = attached<string>();
    const doc = Object.freeze({ items: Object.freeze([1, 2]) });
    expect(slot.get(doc)).toBeUndefined();
    slot.set(doc, [7]);
    other.set(doc, 'x');
    slot.set(doc, [8]); // kept: the first value
    expect(slot.get(doc)).toEqual([7]);
    expect(other.get(doc)).toBe('x');
    expect(slot.get({ ...doc })).toBeUndefined();
    expect(JSON.stringify(doc)).toBe('{"items":[1,2]}');
    expect(Reflect.ownKeys(doc)).toEqual(['items']);
    expect(structuredClone(doc)).toEqual({ items: [1, 2] });
    expect(slot.get(structuredClone(doc))).toBeUndefined();
    expect(Object.isFrozen(doc)).toBe(true);
  });
});
