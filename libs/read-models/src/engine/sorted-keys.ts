import { compareKeys, isPlainKey } from './json';

const CHUNK = 512;

/**
 * Sorted keys in chunks of at most 2 × CHUNK (a one-level B-tree): insert and remove move
 * at most one chunk's elements, not the whole array.
 */
export class SortedKeys {
  private constructor(
    private readonly chunks: string[][],
    /** The last key of each chunk. */
    private readonly lasts: string[],
  ) {}

  /** From keys already sorted by compareKeys. */
  static of(sorted: readonly string[] = []): SortedKeys {
    const chunks: string[][] = [];
    for (let i = 0; i < sorted.length; i += CHUNK) chunks.push(sorted.slice(i, i + CHUNK));
    return new SortedKeys(chunks, chunks.map((chunk) => chunk[chunk.length - 1]!));
  }

  insert(key: string): void {
    if (this.chunks.length === 0) {
      this.chunks.push([key]);
      this.lasts.push(key);
      return;
    }
    const c = Math.min(lowerBound(this.lasts, key), this.chunks.length - 1);
    const chunk = this.chunks[c]!;
    chunk.splice(lowerBound(chunk, key), 0, key);
    if (chunk.length > 2 * CHUNK) {
      const right = chunk.splice(CHUNK);
      this.chunks.splice(c + 1, 0, right);
      this.lasts.splice(c, 1, chunk[chunk.length - 1]!, right[right.length - 1]!);
    } else {
      this.lasts[c] = chunk[chunk.length - 1]!;
    }
  }

  remove(key: string): void {
    const c = lowerBound(this.lasts, key);
    const chunk = this.chunks[c];
    if (!chunk) return;
    const i = lowerBound(chunk, key);
    if (chunk[i] !== key) return;
    chunk.splice(i, 1);
    if (chunk.length === 0) {
      this.chunks.splice(c, 1);
      this.lasts.splice(c, 1);
    } else {
      this.lasts[c] = chunk[chunk.length - 1]!;
    }
  }

  /** Visits keys from `start` (inclusive or not) in order while `visit` returns true. */
  scan(start: string, inclusive: boolean, visit: (key: string) => boolean): void {
    const bound = inclusive ? lowerBound : upperBound;
    for (let c = bound(this.lasts, start), first = true; c < this.chunks.length; c++, first = false) {
      const chunk = this.chunks[c]!;
      for (let i = first ? bound(chunk, start) : 0; i < chunk.length; i++) {
        if (!visit(chunk[i]!)) return;
      }
    }
  }
}

/** First index whose key is >= `key`. */
const lowerBound = (keys: readonly string[], key: string): number => {
  const plain = isPlainKey(key);
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const k = keys[middle]!;
    if (plain ? k < key : compareKeys(k, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
};

/** First index whose key is > `key`. */
const upperBound = (keys: readonly string[], key: string): number => {
  const plain = isPlainKey(key);
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const k = keys[middle]!;
    if (plain ? k <= key : compareKeys(k, key) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
};
