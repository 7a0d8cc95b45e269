/**
 * A value attached to a (frozen) object, like a WeakMap entry but stored on the object itself in
 * a private field: it lives and dies with the object and costs the garbage collector nothing
 * extra. A WeakMap keyed by millions of short-lived documents makes every collection slow.
 * Invisible to JSON, Object.keys, Reflect.ownKeys, spreads and structuredClone. Each call makes
 * a separate slot (attach two kinds of value to the same object without clashing).
 */
export interface Attached<T> {
  get(target: object): T | undefined;
  /** Attaches once: a second set on the same object keeps the first value. */
  set(target: object, value: T): void;
}

class Stamped {
  constructor(target: object) {
    return target;
  }
}

export const attached = <T>(): Attached<T> => {
  class Slot extends Stamped {
    #value: T;
    constructor(target: object, value: T) {
      super(target);
      this.#value = value;
    }
    static get(target: object): T | undefined {
      return #value in target ? (target as Slot).#value : undefined;
    }
    static set(target: object, value: T): void {
      if (!(#value in target)) new Slot(target, value);
    }
  }
  return { get: (target) => Slot.get(target), set: (target, value) => Slot.set(target, value) };
};
