import { ENTITY_ID } from '../http/ids';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsDefined } from 'class-validator';
import { PORTFOLIO_OBJECTIVES, RANKING_KEYS, type PortfolioConstraints, type PortfolioObjective, type RankingKey } from '@gevinst/domain';
import { AsOfQueryDto } from '../audit/as-of.params';
import { IsDecimal } from '../http/validation';

const CRITERION_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MONEY_MAX = 1e15;

export class ReasonBodyDto {
  @ApiProperty({ example: 'Byrådets budgetaftale 2027' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class DefineCriterionDto extends ReasonBodyDto {
  @ApiProperty({ example: 'citizen-service', description: 'Stable id: lower-case letters, digits and -' })
  @Matches(CRITERION_ID, { message: 'criterionId must be 1–64 lower-case letters, digits and -' })
  criterionId!: string;

  @ApiProperty({ example: 'Bedre service for borgerne' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ example: 40, description: 'Relative weight, a whole number 0–100' })
  @IsInt()
  @Min(0)
  @Max(100)
  weight!: number;
}

export class CriterionWeightDto {
  @ApiProperty({ example: 'citizen-service' })
  @Matches(CRITERION_ID, { message: 'criterionId must be 1–64 lower-case letters, digits and -' })
  criterionId!: string;

  @ApiProperty({ example: 40 })
  @IsInt()
  @Min(0)
  @Max(100)
  weight!: number;
}

export class SetWeightsDto extends ReasonBodyDto {
  @ApiProperty({ type: [CriterionWeightDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CriterionWeightDto)
  weights!: CriterionWeightDto[];
}

export class ScoreDto extends ReasonBodyDto {
  @ApiProperty({ example: 4, description: 'A whole number 0–5' })
  @IsInt()
  @Min(0)
  @Max(5)
  score!: number;
}

export class RankingQuery extends AsOfQueryDto {
  @ApiPropertyOptional({ enum: RANKING_KEYS, default: 'npv' })
  @IsOptional()
  @IsIn(RANKING_KEYS)
  sortBy?: RankingKey;
}

export class YearBudgetDto {
  @ApiProperty({ example: 2028 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: 1_000_000_000, description: 'Investment budget of the year, øre' })
  @IsInt({ message: 'amount must be a whole number of øre' })
  @Min(0)
  @Max(MONEY_MAX)
  amount!: number;
}

export class YearCapacityDto {
  @ApiProperty({ example: 2028 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: 5000, description: 'Internal staff hours available in the year (at most 2 decimals)' })
  @IsDecimal(2)
  @Min(0)
  @Max(1e9)
  hours!: number;
}

export class ForcedCaseDto {
  @ApiProperty()
  @Matches(ENTITY_ID, { message: 'caseId must be a business case id' })
  caseId!: string;

  @ApiProperty({ example: 'Lovkrav' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class DependencyDto {
  @ApiProperty({ description: 'The case that needs another' })
  @Matches(ENTITY_ID, { message: 'caseId must be a business case id' })
  caseId!: string;

  @ApiProperty({ description: 'The case it needs' })
  @Matches(ENTITY_ID, { message: 'requires must be a business case id' })
  requires!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

/** The constraints of a selection; every list is optional (empty = no such constraint). */
export class ConstraintsDto {
  @ApiPropertyOptional({ enum: PORTFOLIO_OBJECTIVES, default: 'npv' })
  @IsOptional()
  @IsIn(PORTFOLIO_OBJECTIVES)
  objective?: PortfolioObjective;

  @ApiPropertyOptional({ type: [YearBudgetDto], description: 'Investment budget per year (one-off cash costs incl. their risk reserve)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(35)
  @ValidateNested({ each: true })
  @Type(() => YearBudgetDto)
  budgets?: YearBudgetDto[];

  @ApiPropertyOptional({ type: [YearCapacityDto], description: 'Internal staff-hours capacity per year' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(35)
  @ValidateNested({ each: true })
  @Type(() => YearCapacityDto)
  staffHours?: YearCapacityDto[];

  @ApiPropertyOptional({ type: [ForcedCaseDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => ForcedCaseDto)
  forcedIn?: ForcedCaseDto[];

  @ApiPropertyOptional({ type: [ForcedCaseDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => ForcedCaseDto)
  forcedOut?: ForcedCaseDto[];

  @ApiPropertyOptional({ type: [DependencyDto], description: 'caseId can only be chosen together with requires' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => DependencyDto)
  dependencies?: DependencyDto[];
}

export class FrontierDto {
  @ApiProperty({ type: ConstraintsDto })
  @IsDefined({ message: 'constraints is required' })
  @ValidateNested()
  @Type(() => ConstraintsDto)
  constraints!: ConstraintsDto;

  @ApiPropertyOptional({ example: 20, default: 20, description: 'Number of budget levels, 2–50' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(50)
  points?: number;
}

export class SaveScenarioDto {
  @ApiProperty({ example: 'Maks. nutidsværdi inden for rammen' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiProperty({ type: ConstraintsDto })
  @IsDefined({ message: 'constraints is required' })
  @ValidateNested()
  @Type(() => ConstraintsDto)
  constraints!: ConstraintsDto;

  @ApiPropertyOptional({ type: [String], description: 'A selection made by hand; without it the optimiser chooses' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @Matches(ENTITY_ID, { each: true, message: 'each selected case must be a business case id' })
  selection?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class SetTargetDto extends ReasonBodyDto {
  @ApiProperty({ example: 2_800_000_000, description: 'Budget-effective savings a year, øre (28 million kr = 2 800 000 000)' })
  @IsInt({ message: 'amountPerYear must be a whole number of øre' })
  @Min(0)
  @Max(MONEY_MAX)
  amountPerYear!: number;

  @ApiProperty({ example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  fromYear!: number;

  @ApiProperty({ example: 2031 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  toYear!: number;
}

export class TopDownQuery extends AsOfQueryDto {
  @ApiPropertyOptional({ description: 'A target to check instead of the one set (øre a year)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MONEY_MAX)
  amountPerYear?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  fromYear?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  toYear?: number;
}

export class CompareQuery extends AsOfQueryDto {
  @ApiProperty({ description: 'Scenario A' })
  @Matches(ENTITY_ID, { message: 'a must be a scenario id' })
  a!: string;

  @ApiProperty({ description: 'Scenario B' })
  @Matches(ENTITY_ID, { message: 'b must be a scenario id' })
  b!: string;
}

/** The constraints as the domain takes them: every list present. */
export const toConstraints = (dto: ConstraintsDto): PortfolioConstraints => ({
  objective: dto.objective ?? 'npv',
  budgets: (dto.budgets ?? []).map((b) => ({ year: b.year, amount: b.amount })),
  staffHours: (dto.staffHours ?? []).map((s) => ({ year: s.year, hours: s.hours })),
  forcedIn: (dto.forcedIn ?? []).map((f) => ({ caseId: f.caseId, reason: f.reason })),
  forcedOut: (dto.forcedOut ?? []).map((f) => ({ caseId: f.caseId, reason: f.reason })),
  dependencies: (dto.dependencies ?? []).map((d) => ({ caseId: d.caseId, requires: d.requires, ...(d.reason ? { reason: d.reason } : {}) })),
});
