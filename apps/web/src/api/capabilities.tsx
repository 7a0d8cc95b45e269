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
}

export const normalisePath = (path: string): string => path.replace(/\{[^}]*\}/g, '{}').replace(/\/+$/, '');

export function capabilitiesFrom(doc: { paths?: Record<string, Record<string, unknown>> }): Set<string> {
  const ops = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of Object.keys(item)) ops.add(`${method.toUpperCase()} ${normalisePath(path)}`);
  }
  return ops;
}

const CapabilitiesContext = createContext<Capabilities>({ state: 'loading', has: () => false });

export function CapabilitiesProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<Capabilities>({ state: 'loading', has: () => false });
  useEffect(() => {
    let live = true;
    api
      .get<{ paths?: Record<string, Record<string, unknown>> }>('/api/openapi.json', { anonymous: true })
      .then((doc) => {
        const ops = capabilitiesFrom(doc);
        if (live) setValue({ state: 'ready', has: (method, path) => ops.has(`${method.toUpperCase()} ${normalisePath(path)}`) });
      })
      .catch(() => {
        if (live) setValue({ state: 'error', has: () => false });
      });
    return () => {
      live = false;
    };
  }, []);
  return <CapabilitiesContext.Provider value={value}>{children}</CapabilitiesContext.Provider>;
}

export const useCapabilities = (): Capabilities => useContext(CapabilitiesContext);
