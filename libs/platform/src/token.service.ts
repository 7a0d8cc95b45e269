import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRemoteJWKSet, jwtVerify, SignJWT, errors as joseErrors, type JWTPayload } from 'jose';
import { ROLES, type Actor, type Role } from '@gevinst/domain';
import type { AppConfig } from './config';
import { findDevIdentity } from './dev-identities';

export const DEV_ISSUER = 'gevinst-dev';
export const DEV_AUDIENCE = 'gevinst';

export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
}

export interface AuthenticatedActor extends Actor {
  name?: string;
}

/**
 * Reads the dev signing secret from config, or from DATA_DIR/dev-signing-key (created once).
 * The file is written whole or not at all (a temp file, then linked into place): a full disk
 * at the first start once left an empty key behind, with which no token could ever verify.
 */
export function devSigningSecret(config: AppConfig): Uint8Array {
  if (config.auth.mode !== 'dev') throw new Error('dev tokens exist only in AUTH_MODE=dev');
  if (config.auth.secret) return new TextEncoder().encode(config.auth.secret);
  const file = path.join(config.dataDir, 'dev-signing-key');
  const fail = (doing: string, error: unknown): never => {
    throw new Error(`could not ${doing} the dev signing key ${file}: ${(error as Error).message}`, { cause: error });
  };
  const read = (): string => {
    try {
      return fs.readFileSync(file, 'utf8').trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      return fail('read', error);
    }
  };
  let key = read();
  if (key === '') {
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      fs.mkdirSync(config.dataDir, { recursive: true });
      fs.writeFileSync(temp, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
      try {
        fs.linkSync(temp, file); // never replaces a key another process just created
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (read() === '') fs.renameSync(temp, file); // an empty key, left by a failed write
      }
    } catch (error) {
      fail('create', error);
    } finally {
      fs.rmSync(temp, { force: true });
    }
    key = read();
  }
  return new TextEncoder().encode(key);
}

/** Signs a token for a named dev identity (embedded default only). */
export async function signDevToken(
  config: AppConfig,
  identityId: string,
  options: { expiresIn?: string | number; secret?: Uint8Array } = {},
): Promise<string> {
  const identity = findDevIdentity(identityId);
  if (!identity) throw new Error(`No dev identity named ${identityId}`);
  return new SignJWT({ name: identity.name, roles: [identity.role], departments: identity.departments })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.id)
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(options.secret ?? devSigningSecret(config));
}

/** Verified tokens remembered (until they expire), so a client's every request costs no signature check. */
const VERIFIED_TOKENS_KEPT = 10_000;

/** Verifies bearer tokens: HS256 dev tokens, or OIDC tokens against the issuer's JWKS. */
export class TokenVerifier {
  private readonly verifyToken: (token: string) => Promise<JWTPayload>;
  /** Token → its actor, for tokens that verified and carry an expiry; oldest first. */
  private readonly verified = new Map<string, { actor: AuthenticatedActor; expiresAtMs: number }>();
  private readonly rolesClaim: string;
  private readonly departmentsClaim: string;

  constructor(config: AppConfig) {
    if (config.auth.mode === 'dev') {
      const secret = devSigningSecret(config);
      this.rolesClaim = 'roles';
      this.departmentsClaim = 'departments';
      this.verifyToken = async (token) =>
        (await jwtVerify(token, secret, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['HS256'] })).payload;
    } else {
      const { issuer, audience, jwksUrl } = config.auth;
      const jwks = createRemoteJWKSet(new URL(jwksUrl));
      this.rolesClaim = config.auth.rolesClaim;
      this.departmentsClaim = config.auth.departmentsClaim;
      this.verifyToken = async (token) =>
        (await jwtVerify(token, jwks, { issuer, audience, algorithms: ['RS256', 'ES256', 'PS256', 'EdDSA'] })).payload;
    }
  }

  async verify(token: string): Promise<AuthenticatedActor> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAtMs) return { ...known.actor, departments: [...known.actor.departments] };
      this.verified.delete(token);
    }
    return this.verifyUncached(token);
  }

  private async verifyUncached(token: string): Promise<AuthenticatedActor> {
    let payload: JWTPayload;
    try {
      payload = await this.verifyToken(token);
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new AuthenticationError('The token has expired');
      if (error instanceof joseErrors.JOSEError) throw new AuthenticationError('The token is not valid');
      throw error;
    }
    const roles = toStringArray(payload[this.rolesClaim]).filter((r): r is Role => (ROLES as string[]).includes(r));
    if (!payload.sub) throw new AuthenticationError('The token has no subject');
    if (roles.length !== 1) throw new AuthenticationError('The token must carry exactly one known role');
    const name = typeof payload['name'] === 'string' ? payload['name'] : undefined;
    const actor: AuthenticatedActor = {
      id: payload.sub,
      role: roles[0]!,
      departments: toStringArray(payload[this.departmentsClaim]),
      ...(name ? { name } : {}),
    };
    if (typeof payload.exp === 'number') {
      if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(token, { actor: { ...actor, departments: [...actor.departments] }, expiresAtMs: payload.exp * 1000 });
    }
    return actor;
  }
}

const toStringArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
