import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, configureClient } from '../api/client';
import type { Identity } from './roles';

/**
 * The signed-in identity. The bearer token lives in sessionStorage: it survives a reload but
 * not the closing of the tab, and is never sent anywhere but the API's Authorization header.
 * The identity shown is always the API's answer to GET /api/me (what the token says).
 */
const TOKEN_KEY = 'gevinst.token';
const IDENTITY_KEY = 'gevinst.identity';

export interface Session {
  state: 'restoring' | 'signed-out' | 'signed-in';
  identity: Identity | null;
  /** Set when the session ended because the API refused the token (expired). */
  expired: boolean;
  signInWithToken(token: string): Promise<Identity>;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

/** Set by the provider: what a 401 on a signed-in request does (the token expired). */
let onUnauthenticated: () => void = () => undefined;
// Configured at load, before any component's effect can fetch.
configureClient(
  () => {
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  },
  () => onUnauthenticated(),
);

const readStored = (): { token: string | null; identity: Identity | null } => {
  try {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const raw = sessionStorage.getItem(IDENTITY_KEY);
    return { token, identity: raw ? (JSON.parse(raw) as Identity) : null };
  } catch {
    return { token: null, identity: null };
  }
};

export function SessionProvider({ children }: { children: ReactNode }) {
  const stored = readStored();
  const [identity, setIdentity] = useState<Identity | null>(stored.identity);
  // With a token and the identity the API gave for it, the UI renders at once and checks the
  // token with the API in the background (a refused token signs out); without, it waits.
  const [state, setState] = useState<Session['state']>(stored.token ? (stored.identity ? 'signed-in' : 'restoring') : 'signed-out');
  const verified = useRef(false);
  const [expired, setExpired] = useState(false);

  const clear = useCallback(() => {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(IDENTITY_KEY);
    setIdentity(null);
    setState('signed-out');
  }, []);

  useEffect(() => {
    onUnauthenticated = () => {
      setExpired(true);
      clear();
    };
    return () => {
      onUnauthenticated = () => undefined;
    };
  }, [clear]);

  const signInWithToken = useCallback(async (token: string): Promise<Identity> => {
    sessionStorage.setItem(TOKEN_KEY, token);
    try {
      const me = await api.get<Identity>('/api/me');
      sessionStorage.setItem(IDENTITY_KEY, JSON.stringify(me));
      setIdentity(me);
      setExpired(false);
      setState('signed-in');
      return me;
    } catch (error) {
      sessionStorage.removeItem(TOKEN_KEY);
      throw error;
    }
  }, []);

  // A stored token is checked once against the API on load.
  useEffect(() => {
    if (verified.current) return;
    verified.current = true;
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) return;
    signInWithToken(token).catch(() => clear());
  }, [signInWithToken, clear]);

  const value = useMemo<Session>(
    () => ({ state, identity, expired, signInWithToken, signOut: () => { setExpired(false); clear(); } }),
    [state, identity, expired, signInWithToken, clear],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in identity; only for components rendered behind RequireSession. */
export function useIdentity(): Identity {
  const { identity } = useSession();
  if (!identity) throw new Error('useIdentity without a signed-in identity');
  return identity;
}
