import { ValidationProblem } from './problem';

/**
 * Deepest JSON body accepted (objects and arrays nested in each other). The deepest request
 * DTO (a business case) nests about 7 levels; class-transformer and class-validator recurse per
 * level and overflow the stack at a few thousand, which would be a 500.
 */
export const MAX_JSON_DEPTH = 64;

/** Keys that are never a field of any request: refused (400) at every level of a body. */
const FORBIDDEN_KEYS = new Set(['__proto__']);

/**
 * Runs after the JSON body parser and before validation: refuses bodies nested deeper than
 * MAX_JSON_DEPTH and `__proto__` keys (which JSON.parse keeps as own properties, and which
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
  while (stack.length > 0) {
    const [value, depth, path] = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) return { name: path || 'body', reason: `the body is nested more than ${MAX_JSON_DEPTH} levels deep` };
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item === 'object' && item !== null) stack.push([item, depth + 1, `${path}[${i}]`]);
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      const name = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { name, reason: 'property __proto__ should not exist' };
      const item: unknown = (value as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) stack.push([item, depth + 1, name]);
    }
  }
  return undefined;
};
