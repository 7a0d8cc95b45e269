import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MUNICIPALITY_SETTINGS_STREAM, municipalitySettingsDecider } from '@gevinst/domain';
import { Clock } from '../application/clock';
import { CommandRunner, type RequestContext } from '../application/command-runner';
import { AsOf, AsOfQueryDocs } from '../audit/as-of.params';
import { AsOfService } from '../audit/as-of.service';
import type { AsOfParams } from '@gevinst/audit';
import { ANY_ROLE, Roles } from '../auth/auth.decorators';
import { CommandContext } from '../http/request-context';
import { IsDecimal } from '../http/validation';

export class SetDiscountRateDto {
  @ApiProperty({ example: 3.5, description: 'Percent a year, at most 2 decimals' })
  @IsDecimal(2)
  @Min(0)
  @Max(100)
  ratePct!: number;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

/** Municipality-wide settings: the discount rate every new revision is computed with. */
@ApiTags('settings')
@ApiBearerAuth()
@Controller('settings')
export class SettingsController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly clock: Clock,
    private readonly asOf: AsOfService,
  ) {}

  @Get()
  @Roles(...ANY_ROLE)
  @AsOfQueryDocs()
  async get(@AsOf() asOf: AsOfParams): Promise<Record<string, unknown>> {
    const { state } = await this.asOf.load(MUNICIPALITY_SETTINGS_STREAM, municipalitySettingsDecider, asOf);
    return { ...state };
  }

  @Put('discount-rate')
  @Roles('finance', 'admin')
  async setDiscountRate(@Body() body: SetDiscountRateDto, @CommandContext() ctx: RequestContext): Promise<Record<string, unknown>> {
    const result = await this.runner.run({
      streamName: MUNICIPALITY_SETTINGS_STREAM,
      decider: municipalitySettingsDecider,
      command: { type: 'SetDiscountRate', data: { ratePct: body.ratePct }, context: { actor: ctx.actor, now: this.clock.nowIso(), reason: body.reason } },
      context: { ...ctx, reason: body.reason },
    });
    return { discountRatePct: body.ratePct, duplicate: result.duplicate, events: result.events.map((e) => e.type) };
  }
}
