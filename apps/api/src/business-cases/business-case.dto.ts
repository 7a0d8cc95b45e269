import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
import { BENEFIT_CLASSES, COST_CATEGORIES, COST_NATURES, MAX_HORIZON_YEARS, MAX_RAMP_UP_MONTHS, SCALING_KEYS } from '@gevinst/domain';
import { IsDecimal } from '../http/validation';
import { AsOfQueryDto } from '../audit/as-of.params';
import { ENTITY_ID } from '../http/ids';

/**
 * The request bodies of the business-case API. class-validator checks each field's type and
 * range here (400 naming every bad field); the domain's validateRevision then checks what
 * spans fields (years within the horizon, duplicate ids, three-point order) with the same
 * field paths.
 */

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const ID_MESSAGE = 'must be 1–64 letters, digits, _ . : - (starting with a letter or digit)';
const DEPARTMENT = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MONEY_MAX = 1e15; // øre: 10 trillion kr, far above any municipal amount, well below 2^53

export class ReasonDto {
  @ApiProperty({ description: 'Why: recorded on the event, shown in the history.', example: 'Reviewed with finance' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class ReviewDto extends ReasonDto {
  @ApiProperty({ description: 'The revision the reviewer looked at; it must be the one under review.', example: 2 })
  @IsInt()
  @Min(1)
  revision!: number;
}

export class CostAmountDto {
  @ApiProperty({ example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiPropertyOptional({ description: 'Likely cost in øre (or give hours and hourlyCost)', example: 25000000 })
  @ValidateIf((o: CostAmountDto) => o.amount !== undefined || o.hours === undefined)
  @IsInt({ message: 'amount must be a whole number of øre' })
  @Min(0)
  @Max(MONEY_MAX)
  amount?: number;

  @ApiPropertyOptional({ description: 'Hours (at most 2 decimals), with hourlyCost' })
  @ValidateIf((o: CostAmountDto) => o.hours !== undefined || o.hourlyCost !== undefined)
  @IsDecimal(2)
  @Min(0)
  @Max(1e9)
  hours?: number;

  @ApiPropertyOptional({ description: 'Øre per hour, with hours' })
  @ValidateIf((o: CostAmountDto) => o.hours !== undefined || o.hourlyCost !== undefined)
  @IsInt({ message: 'hourlyCost must be a whole number of øre' })
  @Min(0)
  @Max(1e9)
  hourlyCost?: number;

  @ApiPropertyOptional({ description: 'Three-point estimate: low total for the year, øre' })
  @IsOptional()
  @IsInt({ message: 'low must be a whole number of øre' })
  @Min(0)
  @Max(MONEY_MAX)
  low?: number;

  @ApiPropertyOptional({ description: 'Three-point estimate: high total for the year, øre' })
  @IsOptional()
  @IsInt({ message: 'high must be a whole number of øre' })
  @Min(0)
  @Max(MONEY_MAX)
  high?: number;
}

export class CostLineDto {
  @ApiProperty({ example: 'c1', description: 'Stable across revisions' })
  @Matches(ID, { message: `id ${ID_MESSAGE}` })
  id!: string;

  @ApiProperty({ example: 'Licence for the self-service portal' })
  @IsString()
  @MaxLength(2000)
  description!: string;

  @ApiProperty({ enum: COST_CATEGORIES })
  @IsIn(COST_CATEGORIES)
  category!: (typeof COST_CATEGORIES)[number];

  @ApiProperty({ enum: COST_NATURES })
  @IsIn(COST_NATURES)
  nature!: (typeof COST_NATURES)[number];

  @ApiProperty({ type: [CostAmountDto], description: 'One entry per year with a cost' })
  @IsArray()
  @ArrayMinSize(1, { message: 'amounts must name at least one year' })
  @ArrayMaxSize(MAX_HORIZON_YEARS)
  @ValidateNested({ each: true })
  @Type(() => CostAmountDto)
  amounts!: CostAmountDto[];
}

export class ValuationDto {
  @ApiProperty({ enum: ['time', 'fixed', 'unpriced'] })
  @IsIn(['time', 'fixed', 'unpriced'])
  kind!: 'time' | 'fixed' | 'unpriced';

  @ApiPropertyOptional({ description: 'time: cases a year (whole)' })
  @ValidateIf((o: ValuationDto) => o.kind === 'time')
  @IsInt()
  @Min(0)
  @Max(1e9)
  casesPerYear?: number;

  @ApiPropertyOptional({ description: 'time: minutes saved per case (at most 2 decimals)' })
  @ValidateIf((o: ValuationDto) => o.kind === 'time')
  @IsDecimal(2)
  @Min(0, { message: 'minutesSavedPerCase must not be negative' })
  @Max(100000)
  minutesSavedPerCase?: number;

  @ApiPropertyOptional({ description: 'time: øre per hour' })
  @ValidateIf((o: ValuationDto) => o.kind === 'time')
  @IsInt({ message: 'hourlyCost must be a whole number of øre' })
  @Min(0)
  @Max(1e9)
  hourlyCost?: number;

  @ApiPropertyOptional({ description: 'fixed: øre a year' })
  @ValidateIf((o: ValuationDto) => o.kind === 'fixed')
  @IsInt({ message: 'amountPerYear must be a whole number of øre' })
  @Min(0)
  @Max(MONEY_MAX)
  amountPerYear?: number;
}

export class AdoptionDto {
  @ApiProperty({ example: 12000 })
  @IsInt()
  @Min(0)
  @Max(1e9)
  potentialUsers!: number;

  @ApiProperty({ example: 80, description: '0–100, at most 2 decimals' })
  @IsDecimal(2)
  @Min(0)
  @Max(100, { message: 'targetAdoptionPct must not be above 100' })
  targetAdoptionPct!: number;

  @ApiProperty({ example: 12 })
  @IsInt()
  @Min(0)
  @Max(MAX_RAMP_UP_MONTHS)
  rampUpMonths!: number;

  @ApiProperty({ example: '2027-03', description: 'YYYY-MM' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'startMonth must be YYYY-MM' })
  startMonth!: string;
}

export class BenefitLineDto {
  @ApiProperty({ example: 'b1' })
  @Matches(ID, { message: `id ${ID_MESSAGE}` })
  id!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(2000)
  description!: string;

  @ApiProperty({ example: 'borgerservice', description: 'The receiving department' })
  @Matches(DEPARTMENT, { message: 'departmentId must be a department id' })
  departmentId!: string;

  @ApiProperty({ example: 'Applications for a parking permit' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  workProcess!: string;

  @ApiProperty({ enum: BENEFIT_CLASSES })
  @IsIn(BENEFIT_CLASSES)
  benefitClass!: (typeof BENEFIT_CLASSES)[number];

  @ApiProperty({ type: ValuationDto })
  @ValidateNested()
  @Type(() => ValuationDto)
  valuation!: ValuationDto;

  @ApiProperty({ type: AdoptionDto })
  @ValidateNested()
  @Type(() => AdoptionDto)
  adoption!: AdoptionDto;
}

export class BenefitMapDeliverableDto {
  @Matches(ID, { message: `id ${ID_MESSAGE}` })
  id!: string;
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title!: string;
}

export class BenefitMapBenefitDto {
  @Matches(ID, { message: `id ${ID_MESSAGE}` })
  id!: string;
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title!: string;
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(ID, { each: true, message: `each benefitLineId ${ID_MESSAGE}` })
  benefitLineIds!: string[];
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => BenefitMapDeliverableDto)
  deliverables!: BenefitMapDeliverableDto[];
}

export class BenefitMapGoalDto {
  @Matches(ID, { message: `id ${ID_MESSAGE}` })
  id!: string;
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title!: string;
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => BenefitMapBenefitDto)
  benefits!: BenefitMapBenefitDto[];
}

export class BenefitMapDto {
  @ApiProperty({ example: 'Citizens serve themselves digitally' })
  @IsString()
  @MaxLength(2000)
  purpose!: string;

  @ApiProperty({ type: [BenefitMapGoalDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BenefitMapGoalDto)
  goals!: BenefitMapGoalDto[];
}

export class OriginDto {
  @ApiProperty({ enum: ['local', 'derived-from-national'] })
  @IsIn(['local', 'derived-from-national'])
  kind!: 'local' | 'derived-from-national';

  @ApiPropertyOptional()
  @ValidateIf((o: OriginDto) => o.kind === 'derived-from-national')
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  nationalCaseRef?: string;

  @ApiPropertyOptional({ enum: SCALING_KEYS })
  @ValidateIf((o: OriginDto) => o.kind === 'derived-from-national')
  @IsIn(SCALING_KEYS)
  scalingKey?: (typeof SCALING_KEYS)[number];

  @ApiPropertyOptional()
  @ValidateIf((o: OriginDto) => o.kind === 'derived-from-national')
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  localValue?: number;

  @ApiPropertyOptional()
  @ValidateIf((o: OriginDto) => o.kind === 'derived-from-national')
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  nationalValue?: number;
}

/** A complete revision of a business case (every revision is a whole version). */
export class BusinessCaseContentDto extends ReasonDto {
  @ApiProperty({ example: 'Digital parking permits' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ description: 'At most 20,000 characters' })
  @IsString()
  @MaxLength(20000)
  description!: string;

  @ApiProperty({ example: 'borgerservice' })
  @Matches(DEPARTMENT, { message: 'owningDepartmentId must be a department id' })
  owningDepartmentId!: string;

  @ApiProperty({ example: 'Carl Casesen' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  projectOwner!: string;

  @ApiProperty({ example: 2027, description: 'First calendar year of the horizon (year 0 for discounting)' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  startYear!: number;

  @ApiProperty({ example: 5, description: 'Whole years, 1–35' })
  @IsInt()
  @Min(1)
  @Max(MAX_HORIZON_YEARS)
  horizonYears!: number;

  @ApiProperty({ example: 10, description: 'Risk reserve, % of each year’s costs' })
  @IsDecimal(2)
  @Min(0)
  @Max(100)
  riskReservePct!: number;

  @ApiProperty({ type: OriginDto })
  @ValidateNested()
  @Type(() => OriginDto)
  origin!: OriginDto;

  @ApiProperty({ type: BenefitMapDto })
  @ValidateNested()
  @Type(() => BenefitMapDto)
  benefitMap!: BenefitMapDto;

  @ApiProperty({ type: [CostLineDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CostLineDto)
  costLines!: CostLineDto[];

  @ApiProperty({ type: [BenefitLineDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => BenefitLineDto)
  benefitLines!: BenefitLineDto[];
}

export class ListBusinessCasesQuery extends AsOfQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(40)
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DEPARTMENT)
  department?: string;

  @ApiPropertyOptional({ description: 'At most this many cases (1–10000); the answer then carries `next`, the cursor of the next page (null on the last). Without it: every case.', example: 50 })
  @IsOptional()
  @Matches(/^(?:[1-9]\d{0,3}|10000)$/, { message: 'limit must be a whole number from 1 to 10000' })
  limit?: string;

  @ApiPropertyOptional({ description: 'The `next` of the previous page.' })
  @IsOptional()
  @Matches(ENTITY_ID, { message: 'after must be the next cursor of an earlier page' })
  after?: string;
}
