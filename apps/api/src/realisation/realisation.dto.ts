import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { INDICATOR_DIRECTIONS, INDICATOR_KINDS, INDICATOR_UNITS } from '@gevinst/domain';

/**
 * Request bodies of the realisation API. class-validator checks shapes and types (400 naming
 * each bad field; unknown fields are refused); the realisation domain then checks what depends
 * on the indicator or the case (unit mismatch, before the baseline, …) and names the field.
 */

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
const ID_MESSAGE = 'must be 1–100 letters, digits, _ . : - (starting with a letter or digit)';
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2]))?$/;
const PERIOD_MESSAGE = "must be a month 'YYYY-MM' or a year 'YYYY'";
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = "must be a date 'YYYY-MM-DD'";
const FINITE = { allowNaN: false, allowInfinity: false } as const;

export class IndicatorBaselineDto {
  @ApiProperty({ example: 0, description: 'The nulpunktsmåling, in the indicator’s unit' })
  @IsNumber(FINITE, { message: 'baseline.value must be a number' })
  value!: number;

  @ApiProperty({ example: '2026-01-01' })
  @Matches(DATE, { message: `date ${DATE_MESSAGE}` })
  date!: string;
}

export class IndicatorTargetDto {
  @ApiProperty({ example: 80 })
  @IsNumber(FINITE, { message: 'target.value must be a number' })
  value!: number;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @Matches(DATE, { message: `date ${DATE_MESSAGE}` })
  date?: string;
}

export class TrajectoryPointDto {
  @ApiProperty({ example: '2026-06' })
  @Matches(PERIOD, { message: `period ${PERIOD_MESSAGE}` })
  period!: string;

  @ApiProperty({ example: 40 })
  @IsNumber(FINITE, { message: 'value must be a number' })
  value!: number;
}

export class TrajectoryDto {
  @ApiProperty({ enum: ['manual', 'adoption-curve'], description: "'adoption-curve': derived from the benefit line's adoption curve in the approved revision" })
  @IsIn(['manual', 'adoption-curve'])
  source!: 'manual' | 'adoption-curve';

  @ApiPropertyOptional({ type: [TrajectoryPointDto], description: 'manual: the planned value per period' })
  @ValidateIf((o: TrajectoryDto) => o.source === 'manual')
  @IsArray()
  @ArrayMaxSize(600)
  @ValidateNested({ each: true })
  @Type(() => TrajectoryPointDto)
  points?: TrajectoryPointDto[];

  @ApiPropertyOptional({ description: 'adoption-curve: whose curve (default: the first benefit line of the indicator)' })
  @ValidateIf((o: TrajectoryDto) => o.source === 'adoption-curve' && o.benefitLineId !== undefined)
  @Matches(ID, { message: `benefitLineId ${ID_MESSAGE}` })
  benefitLineId?: string;

  @ApiPropertyOptional({ type: [String], description: 'adoption-curve: the periods to plan (default: the ramp-up months)' })
  @ValidateIf((o: TrajectoryDto) => o.source === 'adoption-curve' && o.periods !== undefined)
  @IsArray()
  @ArrayMaxSize(600)
  @Matches(PERIOD, { each: true, message: `periods ${PERIOD_MESSAGE}` })
  periods?: string[];
}

export class DefineIndicatorDto {
  @ApiPropertyOptional({ example: 'digital-andel', description: 'Default: derived from the Idempotency-Key' })
  @IsOptional()
  @Matches(ID, { message: `indicatorId ${ID_MESSAGE}` })
  indicatorId?: string;

  @ApiProperty({ example: 'Andel ansøgninger indgivet digitalt' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: INDICATOR_UNITS })
  @IsIn(INDICATOR_UNITS)
  unit!: string;

  @ApiProperty({ enum: INDICATOR_KINDS })
  @IsIn(INDICATOR_KINDS)
  kind!: string;

  @ApiPropertyOptional({ enum: INDICATOR_DIRECTIONS, description: 'Default higher-is-better for adoption and lagging indicators; required for leading ones' })
  @IsOptional()
  @IsIn(INDICATOR_DIRECTIONS)
  direction?: string;

  @ApiProperty({ type: [String], example: ['b1'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Matches(ID, { each: true, message: `benefitLineIds ${ID_MESSAGE}` })
  benefitLineIds!: string[];

  @ApiProperty({ type: IndicatorBaselineDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => IndicatorBaselineDto)
  baseline!: IndicatorBaselineDto;

  @ApiPropertyOptional({ type: IndicatorTargetDto, description: "Default for an adoption indicator: the curve's target adoption" })
  @IsOptional()
  @ValidateNested()
  @Type(() => IndicatorTargetDto)
  target?: IndicatorTargetDto;

  @ApiPropertyOptional({ type: TrajectoryDto, description: "Default: from the adoption curve of the first benefit line in the approved revision (lagging indicators: none)" })
  @IsOptional()
  @ValidateNested()
  @Type(() => TrajectoryDto)
  trajectory?: TrajectoryDto;
}

export class EditTrajectoryDto {
  @ApiProperty({ type: TrajectoryDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => TrajectoryDto)
  trajectory!: TrajectoryDto;

  @ApiProperty({ example: 'Idriftsættelsen blev udskudt tre måneder' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class MeasurementSourceDto {
  @ApiProperty({ enum: ['manual', 'system'] })
  @IsIn(['manual', 'system'])
  kind!: 'manual' | 'system';

  @ApiPropertyOptional({ example: 'KMD Nexus', description: 'With kind system: the reporting system' })
  @ValidateIf((o: MeasurementSourceDto) => o.kind === 'system')
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  system?: string;
}

export class RecordMeasurementDto {
  @ApiProperty({ example: 'digital-andel' })
  @Matches(ID, { message: `indicatorId ${ID_MESSAGE}` })
  indicatorId!: string;

  @ApiPropertyOptional({ description: 'Default: derived from the Idempotency-Key' })
  @IsOptional()
  @Matches(ID, { message: `measurementId ${ID_MESSAGE}` })
  measurementId?: string;

  @ApiProperty({ example: 37.5 })
  @IsNumber(FINITE, { message: 'value must be a number' })
  value!: number;

  @ApiProperty({ enum: INDICATOR_UNITS, description: "Must be the indicator's unit" })
  @IsIn(INDICATOR_UNITS)
  unit!: string;

  @ApiProperty({ example: '2026-03' })
  @Matches(PERIOD, { message: `period ${PERIOD_MESSAGE}` })
  period!: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'The day measured, within the period' })
  @IsOptional()
  @Matches(DATE, { message: `date ${DATE_MESSAGE}` })
  date?: string;

  @ApiPropertyOptional({ type: MeasurementSourceDto, description: 'Default manual' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeasurementSourceDto)
  source?: MeasurementSourceDto;
}

export class CorrectMeasurementDto {
  @ApiPropertyOptional({ description: "The correcting measurement's id; default derived from the Idempotency-Key" })
  @IsOptional()
  @Matches(ID, { message: `measurementId ${ID_MESSAGE}` })
  measurementId?: string;

  @ApiProperty({ example: 41.5 })
  @IsNumber(FINITE, { message: 'value must be a number' })
  value!: number;

  @ApiPropertyOptional({ enum: INDICATOR_UNITS })
  @IsOptional()
  @IsIn(INDICATOR_UNITS)
  unit?: string;

  @ApiPropertyOptional({ example: '2026-03' })
  @IsOptional()
  @Matches(PERIOD, { message: `period ${PERIOD_MESSAGE}` })
  period?: string;

  @ApiPropertyOptional({ example: '2026-03-31' })
  @IsOptional()
  @Matches(DATE, { message: `date ${DATE_MESSAGE}` })
  date?: string;

  @ApiPropertyOptional({ type: MeasurementSourceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeasurementSourceDto)
  source?: MeasurementSourceDto;

  @ApiProperty({ example: 'Tallet var for marts, ikke februar' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class AcknowledgeRedDto {
  @ApiPropertyOptional({ description: 'The red episode; default the latest' })
  @IsOptional()
  @IsInt()
  @Min(1)
  episode?: number;

  @ApiProperty({ example: 'Ibrugtagningen halter; ekstra kommunikation til borgerne besluttet' })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  comment!: string;
}

export class RealisationTolerancesDto {
  @ApiProperty({ example: 90, description: 'Green from this % of plan' })
  @IsNumber(FINITE)
  @Min(0)
  @Max(100)
  greenFromPct!: number;

  @ApiProperty({ example: 70, description: 'Amber from this % of plan; red below' })
  @IsNumber(FINITE)
  @Min(0)
  @Max(100)
  amberFromPct!: number;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class AsOfQuery {
  @ApiPropertyOptional({ example: '2026-11', description: "The month the figures are to date of (default this month); or an ISO-8601 instant (2027-03-01T12:00:00Z): the view as the log stood then (docs/audit.md)" })
  @IsOptional()
  @Matches(/^(\d{4}-(0[1-9]|1[0-2])|\d{4}-\d{2}-\d{2}T[\d:.]{5,18}(Z|[+-]\d{2}:\d{2}))$/i, { message: "asOf must be a month 'YYYY-MM' or an ISO-8601 instant with an offset" })
  asOf?: string;

  @ApiPropertyOptional({ example: '123', description: 'The view as the log stood at this global position (docs/audit.md)' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  asOfPosition?: string;
}

export class RealisationReportQuery {
  @ApiPropertyOptional({ example: '2027-12', description: "The month the report is as of ('YYYY', a year: its December). Default: a year after go-live (the go-live month and the 11 after it), or this month when that is later or the case has not gone live" })
  @IsOptional()
  @Matches(/^(19|2\d)\d{2}(-(0[1-9]|1[0-2]))?$/, { message: "asOfPeriod must be a month 'YYYY-MM' or a year 'YYYY' (1900–2999)" })
  asOfPeriod?: string;

  @ApiPropertyOptional({ enum: ['da', 'en'], description: 'Language of the HTML document (default da)' })
  @IsOptional()
  @IsIn(['da', 'en'], { message: 'lang must be da or en' })
  lang?: 'da' | 'en';
}
