import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@gevinst/domain';
import { ForbiddenProblem, UnauthorizedProblem } from '../http/problem';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { AuthenticationError, TokenVerifier, type AuthenticatedActor } from '@gevinst/platform';

/**
 * Deny by default: every endpoint needs a valid bearer token and a role listed by @Roles,
 * unless it is marked @Public. Department scoping is checked where the department is known
 * (see scope.ts), since it depends on the resource.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; actor?: AuthenticatedActor }>();
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedProblem('A bearer token is required');
    let actor: AuthenticatedActor;
    try {
      actor = await this.verifier.verify(match[1]!);
    } catch (error) {
      if (error instanceof AuthenticationError) throw new UnauthorizedProblem(error.message);
      throw error;
    }
    request.actor = actor;

    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!allowed.includes(actor.role)) {
      throw new ForbiddenProblem(`The role ${actor.role} may not do this`);
    }
    return true;
  }
}
