import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AppConfig, AuthenticatedActor } from '@gevinst/platform';
import { APP_CONFIG } from '../infrastructure/tokens';
import { ANY_ROLE, CurrentActor, Public, Roles } from './auth.decorators';
import { CachedResponse } from '../http/response-cache';

/** What the web app needs to know to sign someone in (GET /api/auth/config). */
export type PublicAuthConfig =
  | { mode: 'dev' }
  | {
      mode: 'oidc';
      /** The identity provider; its discovery document is at issuer + /.well-known/openid-configuration. */
      issuer: string;
      /** The web app's client id at the provider: the audience the API requires of access tokens (OIDC_AUDIENCE). */
      clientId: string;
      scope: string;
    };

/**
 * Who you are (GET /api/me) and how this deployment signs people in (GET /api/auth/config,
 * public). One controller without a path prefix, so both are mounted with the controllers that
 * exist in every auth mode.
 */
@ApiTags('identity')
@Controller()
export class MeController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Who the token says you are: id, role and department scope. */
  @Get('me')
  @ApiBearerAuth()
  @Roles(...ANY_ROLE)
  @CachedResponse({ per: 'actor', sources: () => ({}) })
  @ApiOkResponse({ description: 'The authenticated actor.' })
  me(@CurrentActor() actor: AuthenticatedActor): AuthenticatedActor {
    return actor;
  }

  /**
   * How to sign in, for the web app: `dev` (named dev identities, /api/auth/dev/*) or `oidc`
   * (authorization code + PKCE at the issuer, as a public client whose id is the audience the
   * API checks). Nothing secret: the issuer and client id are what any browser sees anyway.
   */
  @Public()
  @Get('auth/config')
  @ApiOkResponse({ description: "How this deployment signs people in: { mode: 'dev' } or { mode: 'oidc', issuer, clientId, scope } (public)." })
  authConfig(): PublicAuthConfig {
    const auth = this.config.auth;
    if (auth.mode !== 'oidc') return { mode: 'dev' };
    return { mode: 'oidc', issuer: auth.issuer, clientId: auth.audience, scope: 'openid profile' };
  }
}
