import { existsSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { EventStoreUnavailableError } from '../errors';

/**
 * The code that starts one of the store's threads (`new Worker(code, { eval: true })`): the
 * compiled module `name` next to this one, or, when running from TypeScript sources (npm start,
 * jest, benches), the sources through the project's require hook.
 */
export const threadEntry = (name: string, what: string): string => {
  const ext = extname(__filename);
  const entry = join(__dirname, `${name}${ext}`);
  if (ext !== '.ts') return `require(${JSON.stringify(entry)});`;
  const hook = resolve(__dirname, '../../../../tools/register.js');
  if (!existsSync(hook)) throw new EventStoreUnavailableError(`cannot start the ${what}: ${hook} (the TypeScript require hook) is missing`);
  return `require(${JSON.stringify(hook)});require(${JSON.stringify(entry)});`;
};
