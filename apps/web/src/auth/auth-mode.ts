import { api } from '../api/client';
import { isApiError } from '../api/problem';

/**
 * ─── OIDC HOOK ────────────────────────────────────────────────────────────────────────────
 * How this deployment signs people in. The embedded default (AUTH_MODE=dev) offers named dev
 * identities (GET /api/auth/dev/identities, POST /api/auth/dev/token). In production
 * (AUTH_MODE=oidc) the API does not mount those endpoints, and the UI must send the user to
 * the municipality's identity provider instead.
 *
 * Today the mode is detected: a public `GET /api/auth/config` is used when the API offers it
 * (expected shape below), else the presence of the dev identities endpoint decides. To add
 * OIDC: have the API publish AuthConfig, then implement `startOidcSignIn` (authorization code
 * + PKCE against `issuer`, `clientId`, `redirectUri`) and store the resulting access token via
 * the same session storage the dev sign-in uses (auth/session.tsx `signInWithToken`). Nothing
 * else in the UI depends on how the token was obtained.
 * ──────────────────────────────────────────────────────────────────────────────────────────
 */
export type AuthConfig =
  | { mode: 'dev' }
  | { mode: 'oidc'; issuer?: string; clientId?: string; redirectUri?: string; scope?: string }
  | { mode: 'unknown' };

/**
 * `offers` says whether the API's OpenAPI document lists an operation (null when the document
 * could not be read, in which case the endpoints are probed).
 */
export async function loadAuthConfig(offers: ((method: string, path: string) => boolean) | null): Promise<AuthConfig> {
  if (offers === null || offers('GET', '/api/auth/config')) {
    try {
      const config = await api.get<AuthConfig>('/api/auth/config', { anonymous: true });
      if (config && (config.mode === 'dev' || config.mode === 'oidc')) return config;
    } catch (error) {
      if (!isApiError(error) || error.status !== 404) return { mode: 'unknown' };
    }
  }
  if (offers !== null) return offers('GET', '/api/auth/dev/identities') ? { mode: 'dev' } : { mode: 'oidc' };
  try {
    await api.get('/api/auth/dev/identities', { anonymous: true });
    return { mode: 'dev' };
  } catch (error) {
    if (isApiError(error) && error.status === 404) return { mode: 'oidc' };
    return { mode: 'unknown' };
  }
}

/** OIDC HOOK: not built yet. Production sign-in starts here. */
export function startOidcSignIn(_config: Extract<AuthConfig, { mode: 'oidc' }>): never {
  throw new Error('OIDC sign-in is not implemented in this build');
}
