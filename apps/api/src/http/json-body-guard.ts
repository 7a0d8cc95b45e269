import { ValidationProblem } from './problem';

/**
 * Deepest JSON body accepted (objects and arrays nested in each other). The deepest request
 * DTO (a business case) nests about 7 levels; class-transformer and class-validator recurse per
 * level and overflow the stack at a few thousand, which would be a 500.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Most keys in one object. class-transformer de-duplicates an object's keys in O(keys²): one
 * 11 MB object of 700,000 keys blocked the process for many minutes. DTOs have < 20 fields.
 */
export const MAX_OBJECT_KEYS = 1_000;

/**
 * Most values (objects, arrays, primitives) in one body. Transforming and validating is linear
 * in this, about 4 µs a value: 200,000 is under a second of work, and above the largest
 * business case the DTOs allow in practice (500 cost lines × 35 years ≈ 125,000 values).
 */
export const MAX_JSON_VALUES = 200_000;

/** Keys that are never a field of any request: refused (400) at every level of a body. */
const FORBIDDEN_KEYS = new Set(['__proto__']);

/**
 * Runs after the JSON body parser and before validation: refuses bodies nested deeper than
 * MAX_JSON_DEPTH, with more than MAX_OBJECT_KEYS keys in an object or MAX_JSON_VALUES values
 * in all, and `__proto__` keys (which JSON.parse keeps as own properties, and which
 * class-transformer would drop silently instead of refusing as unknown). Walks the body
 * iteratively, so the check itself cannot overflow the stack.
 */
export const jsonBodyGuard =
  () =>
  (req: { body?: unknown }, _res: unknown, next: (error?: unknown) => void): void => {
    const problem = findProblem(req.body);
    next(problem ? new ValidationProblem([problem], 'The request body is not acceptable') : undefined);
  };

const findProblem = (body: unknown): { name: string; reason: string } | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const stack: [value: object, depth: number, path: string][] = [[body, 1, '']];
  let values = 1;
  while (stack.length > 0) {
    const [value, depth, path] = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) return { name: path || 'body', reason: `the body is nested more than ${MAX_JSON_DEPTH} levels deep` };
    if (Array.isArray(value)) {
      values += value.length;
      if (values > MAX_JSON_VALUES) return { name: 'body', reason: `the body holds more than ${MAX_JSON_VALUES} values` };
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'object' && item !== null) stack.push([item, depth + 1, `${path}[${i}]`]);
      }
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > MAX_OBJECT_KEYS) return { name: path || 'body', reason: `an object has more than ${MAX_OBJECT_KEYS} keys` };
    values += keys.length;
    if (values > MAX_JSON_VALUES) return { name: 'body', reason: `the body holds more than ${MAX_JSON_VALUES} values` };
    for (const key of keys) {
      const name = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { name, reason: 'property __proto__ should not exist' };
      const item: unknown = (value as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) stack.push([item, depth + 1, name]);
    }
  }
  return undefined;
};
