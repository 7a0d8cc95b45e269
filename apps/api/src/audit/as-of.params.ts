import { applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { AsOfParams } from '@gevinst/audit';

const AS_OF_DESCRIPTION = 'The view as of a past moment: an ISO-8601 instant with an offset. Computed by replaying the events recorded up to then; a time in the future is refused (400).';
const AS_OF_POSITION_DESCRIPTION = 'The view as of a global log position (the events at positions ≤ it). Not together with asOf.';

/**
 * The as-of query parameters, for endpoints whose query is a DTO (extend it, or add these two
 * fields): the values are checked by AsOfService (shape, not in the future, not beyond the head).
 */
export class AsOfQueryDto {
  @ApiPropertyOptional({ example: '2027-03-01T12:00:00Z', description: AS_OF_DESCRIPTION })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  asOf?: string;

  @ApiPropertyOptional({ example: '123', description: AS_OF_POSITION_DESCRIPTION })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  asOfPosition?: string;
}

/** Documents `asOf` and `asOfPosition` on an endpoint that reads them with `@AsOf()`. */
export const AsOfQueryDocs = (): MethodDecorator =>
  applyDecorators(
    ApiQuery({ name: 'asOf', required: false, type: String, example: '2027-03-01T12:00:00Z', description: AS_OF_DESCRIPTION }),
    ApiQuery({ name: 'asOfPosition', required: false, type: String, example: '123', description: AS_OF_POSITION_DESCRIPTION }),
  );

/**
 * The raw `asOf` / `asOfPosition` query values of the request (unchecked; AsOfService checks
 * them). A repeated parameter arrives as an array and is refused there.
 */
export const AsOf = createParamDecorator((_: unknown, ctx: ExecutionContext): AsOfParams => {
  const query = ctx.switchToHttp().getRequest<{ query?: Record<string, unknown> }>().query ?? {};
  return { asOf: query['asOf'] as string | undefined, asOfPosition: query['asOfPosition'] as string | undefined };
});
