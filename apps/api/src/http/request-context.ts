import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestContext } from '../application/command-runner';
import type { AuthenticatedActor } from '@gevinst/platform';
import { ValidationProblem } from './problem';

const KEY = /^[\w.:-]{8,128}$/;

/**
 * The command's context from the request: the actor from the token, the idempotency key from
 * the Idempotency-Key header (a re-sent request with the same key appends nothing) and the
 * correlation id from X-Correlation-Id.
 */
export const CommandContext = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<{ actor?: AuthenticatedActor; headers: Record<string, string | undefined> }>();
  if (!request.actor) throw new Error('CommandContext used on an endpoint without authentication');
  const key = request.headers['idempotency-key'];
  if (key !== undefined && !KEY.test(key)) {
    throw new ValidationProblem([{ name: 'Idempotency-Key', reason: 'must be 8–128 characters of letters, digits, . : _ -' }]);
  }
  const correlation = request.headers['x-correlation-id'];
  return {
    actor: request.actor,
    commandId: key ?? randomUUID(),
    correlationId: correlation !== undefined && KEY.test(correlation) ? correlation : randomUUID(),
  };
});

/** Parses an If-Match header (`"3"` or `3`) into an expected stream revision. */
export function parseIfMatch(header: string | undefined): bigint | undefined {
  if (header === undefined || header === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,19})"?$/.exec(header.trim());
  if (!match) throw new ValidationProblem([{ name: 'If-Match', reason: 'must be the revision (ETag) you last read, e.g. "3"' }]);
  return BigInt(match[1]!);
}
