import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api } from './client';

/**
 * Which API operations exist, read from the running API's OpenAPI document. Pages whose API
 * has not landed show a "not available yet" state instead of guessing or faking data; when the
 * endpoint appears, the page lights up with no change to the UI code's routing.
 */
export interface Capabilities {
  state: 'loading' | 'ready' | 'error';
  /** True when the API offers this operation; path params may have any name (`{id}`, `{caseId}`). */
  has(method: string, path: string): boolean;
  /** True when the operation documents this query parameter (e.g. `asOf`). */
  param(method: string, path: string, name: string): boolean;
}

type Doc = { paths?: Record<string, Record<string, { parameters?: { name?: string; in?: string }[] } | unknown>> };

export const normalisePath = (path: string): string => path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '');

/** Operation key → its query parameter names. */
export function capabilitiesFrom(doc: Doc): Map<string, Set<string>> {
  const ops = new Map<string, Set<string>>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const parameters = (op as { parameters?: { name?: string; in?: string }[] } | null)?.parameters ?? [];
      ops.set(`${method.toUpperCase()} ${normalisePath(path)}`, new Set(parameters.filter((p) => p.in === 'query' && p.name).map((p) => p.name!)));
    }
  }
  return ops;
}

const key = (method: string, path: string): string => `${method.toUpperCase()} ${normalisePath(path)}`;

const NONE: Capabilities = { state: 'loading', has: () => false, param: () => false };
const CapabilitiesContext = createContext<Capabilities>(NONE);

/** Asked for as the app's code starts (not after its first render): every page waits for it. */
let early: Promise<Doc> | null = api.get<Doc>('/api/openapi.json', { anonymous: true });
early.catch(() => undefined);

export function CapabilitiesProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<Capabilities>(NONE);
  useEffect(() => {
    let live = true;
    const pending = early ?? api.get<Doc>('/api/openapi.json', { anonymous: true });
    early = null;
    pending
      .then((doc) => {
        const ops = capabilitiesFrom(doc);
        if (live) setValue({ state: 'ready', has: (method, path) => ops.has(key(method, path)), param: (method, path, name) => ops.get(key(method, path))?.has(name) ?? false });
      })
      .catch(() => {
        if (live) setValue({ ...NONE, state: 'error' });
      });
    return () => {
      live = false;
    };
  }, []);
  return <CapabilitiesContext.Provider value={value}>{children}</CapabilitiesContext.Provider>;
}

export const useCapabilities = (): Capabilities => useContext(CapabilitiesContext);
