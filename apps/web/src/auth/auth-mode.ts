import { api } from '../api/client';
import { isApiError } from '../api/problem';

/**
 * How this deployment signs people in. The embedded default (AUTH_MODE=dev) offers named dev
 * identities (GET /api/auth/dev/identities, POST /api/auth/dev/token). In production
 * (AUTH_MODE=oidc) the API publishes the identity provider in the public GET /api/auth/config,
 * and the web app signs in with the authorization code flow and PKCE (RFC 7636) as a public
 * client (oauth4webapi): discovery at the issuer, a redirect to its authorization endpoint,
 * back to /auth/callback, the code exchanged for an access token at the token endpoint, and
 * that token kept exactly like a dev token (auth/session.tsx `signInWithToken`). Nothing else
 * in the UI depends on how the token was obtained.
 */
export type AuthConfig =
  | { mode: 'dev' }
  | { mode: 'oidc'; issuer?: string; clientId?: string; redirectUri?: string; scope?: string }
  | { mode: 'unknown' };
export type OidcConfig = Extract<AuthConfig, { mode: 'oidc' }>;

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

/** Where the provider sends the browser back: this app's /auth/callback unless the API names another. */
export const CALLBACK_PATH = '/auth/callback';
export const redirectUriOf = (config: OidcConfig): string => config.redirectUri ?? `${window.location.origin}${CALLBACK_PATH}`;

/** What the browser keeps (sessionStorage, this tab only) between the redirect and the callback. */
const PENDING_KEY = 'gevinst.oidc';
interface Pending {
  issuer: string;
  clientId: string;
  redirectUri: string;
  codeVerifier: string;
  state: string;
  /** The page to return to. */
  from: string | null;
}

/** Why a sign-in through the provider failed, in terms the sign-in page can explain. */
export class OidcError extends Error {
  constructor(
    readonly reason: 'not-configured' | 'provider-error' | 'no-pending' | 'state-mismatch' | 'discovery' | 'token' | 'refused',
    message: string,
    /** The provider's own error code (e.g. access_denied), when it sent one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'OidcError';
  }
}

const requireConfig = (config: OidcConfig): { issuer: string; clientId: string } => {
  if (!config.issuer || !config.clientId) throw new OidcError('not-configured', 'The API does not name the identity provider (issuer and client id)');
  return { issuer: config.issuer, clientId: config.clientId };
};

// oauth4webapi is loaded only when someone signs in through the provider (not in the app's first load).
const oauthLib = () => import('oauth4webapi');

/** Plain http only for a provider on this machine (a developer's or a test's); https everywhere else. */
const isLoopback = (url: string): boolean => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
const insecureIfLoopback = async (issuer: string) => (isLoopback(issuer) ? { [(await oauthLib()).allowInsecureRequests]: true } : {});

async function discover(issuer: string) {
  const oauth = await oauthLib();
  const url = new URL(issuer);
  try {
    return await oauth.processDiscoveryResponse(url, await oauth.discoveryRequest(url, { algorithm: 'oidc', ...(await insecureIfLoopback(issuer)) }));
  } catch (error) {
    throw new OidcError('discovery', `Could not read the identity provider's discovery document at ${issuer}: ${(error as Error).message}`);
  }
}

/**
 * The URL of the provider's authorization endpoint for a new sign-in (authorization code,
 * PKCE with S256, a fresh state), after keeping the verifier and state for the callback.
 */
export async function buildAuthorizationUrl(config: OidcConfig, from: string | null): Promise<URL> {
  const { issuer, clientId } = requireConfig(config);
  const oauth = await oauthLib();
  const as = await discover(issuer);
  if (!as.authorization_endpoint) throw new OidcError('discovery', 'The identity provider publishes no authorization endpoint');
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const redirectUri = redirectUriOf(config);
  const pending: Pending = { issuer, clientId, redirectUri, codeVerifier, state, from };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', config.scope ?? 'openid profile');
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  url.searchParams.set('state', state);
  return url;
}

/** Production sign-in starts here: off to the municipality's identity provider. */
export async function startOidcSignIn(config: OidcConfig, from: string | null = null): Promise<void> {
  window.location.assign((await buildAuthorizationUrl(config, from)).href);
}

/**
 * The callback: checks the state, exchanges the code (with the PKCE verifier) for tokens at
 * the provider's token endpoint and returns the access token for the API, and the page to
 * return to. The pending sign-in is forgotten whatever happens (a code is good once).
 */
export async function completeOidcSignIn(callbackUrl: URL): Promise<{ accessToken: string; from: string | null }> {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  const error = callbackUrl.searchParams.get('error');
  if (error) throw new OidcError('provider-error', callbackUrl.searchParams.get('error_description') ?? error, error);
  if (!raw) throw new OidcError('no-pending', 'No sign-in was started in this tab (or it was already completed)');
  const pending = JSON.parse(raw) as Pending;
  if (callbackUrl.searchParams.get('state') !== pending.state) throw new OidcError('state-mismatch', 'The answer from the identity provider does not belong to the sign-in started here');
  const oauth = await oauthLib();
  const as = await discover(pending.issuer);
  const client = { client_id: pending.clientId };
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, callbackUrl, pending.state);
  } catch (e) {
    throw new OidcError('provider-error', (e as Error).message);
  }
  try {
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, pending.redirectUri, pending.codeVerifier, await insecureIfLoopback(pending.issuer));
    const result = await oauth.processAuthorizationCodeResponse(as, client, response);
    return { accessToken: result.access_token, from: pending.from };
  } catch (e) {
    throw new OidcError('token', (e as Error).message);
  }
}
