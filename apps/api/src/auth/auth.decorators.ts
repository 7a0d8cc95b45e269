import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@gevinst/domain';
import type { AuthenticatedActor } from '@gevinst/platform';

export const PUBLIC_KEY = 'gevinst:public';
export const ROLES_KEY = 'gevinst:roles';

/** The endpoint needs no token (health, OpenAPI). Everything else is denied by default. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call the endpoint. An endpoint without @Roles is refused to every role. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Roles that may read everything. */
export const READ_ALL: Role[] = ['finance', 'management', 'auditor', 'admin'];
/** Every role. */
export const ANY_ROLE: Role[] = ['case-author', 'finance', 'management', 'department-head', 'auditor', 'admin'];

/** The authenticated actor of the request (from the token, never from the body). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedActor => {
  const request = ctx.switchToHttp().getRequest<{ actor?: AuthenticatedActor }>();
  if (!request.actor) throw new Error('CurrentActor used on an endpoint without authentication');
  return request.actor;
});
