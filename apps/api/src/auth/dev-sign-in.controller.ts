import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { DEV_IDENTITIES, signDevToken, type AppConfig, type DevIdentity } from '@gevinst/platform';
import { NotFoundProblem, ValidationProblem } from '../http/problem';
import { APP_CONFIG } from '../infrastructure/tokens';
import { Public } from './auth.decorators';

export class DevSignInDto {
  @ApiProperty({ example: 'frida', description: 'The id of a dev identity' })
  @IsString()
  @Matches(/^[a-z]{1,32}$/)
  identity!: string;
}

/**
 * Sign-in for the embedded default only: lists the named dev identities and issues a token
 * for one of them. The controller is not mounted when AUTH_MODE=oidc.
 */
@ApiTags('identity')
@Controller('auth/dev')
export class DevSignInController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Public()
  @Get('identities')
  @ApiOkResponse({ description: 'The dev identities (embedded default only).' })
  identities(): readonly DevIdentity[] {
    return DEV_IDENTITIES;
  }

  @Public()
  @Post('token')
  @HttpCode(200)
  @ApiOkResponse({ description: 'A bearer token for the dev identity, valid 8 hours.' })
  async token(@Body() body: DevSignInDto): Promise<{ token: string; identity: DevIdentity }> {
    const identity = DEV_IDENTITIES.find((i) => i.id === body.identity);
    if (!identity) {
      throw new ValidationProblem([{ name: 'identity', reason: `no dev identity named ${body.identity}` }]);
    }
    if (this.config.auth.mode !== 'dev') throw new NotFoundProblem('Dev sign-in is off');
    return { token: await signDevToken(this.config, identity.id), identity };
  }
}
