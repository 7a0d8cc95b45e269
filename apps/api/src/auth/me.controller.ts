import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ANY_ROLE, CurrentActor, Roles } from './auth.decorators';
import type { AuthenticatedActor } from '@gevinst/platform';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  /** Who the token says you are: id, role and department scope. */
  @Get()
  @Roles(...ANY_ROLE)
  @ApiOkResponse({ description: 'The authenticated actor.' })
  me(@CurrentActor() actor: AuthenticatedActor): AuthenticatedActor {
    return actor;
  }
}
