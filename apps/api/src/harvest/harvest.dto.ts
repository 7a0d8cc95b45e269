import { DEPARTMENT_ID } from '../http/ids';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { IsDecimal } from '../http/validation';


export class JustificationDto {
  @ApiProperty({ description: 'Written justification, kept forever on the event' })
  @IsString()
  @MinLength(10, { message: 'justification must say why, in at least 10 characters' })
  @MaxLength(4000)
  justification!: string;
}

export class ProposeBudgetCutDto {
  @ApiProperty({ example: 'borgerservice' })
  @Matches(DEPARTMENT_ID, { message: 'departmentId must be a department id' })
  departmentId!: string;

  @ApiProperty({ example: 2028, description: 'Budget year' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiPropertyOptional({ description: 'Øre; default: gross − retained share for the year' })
  @IsOptional()
  @IsInt({ message: 'amount must be a whole number of øre' })
  @Min(1)
  @Max(1e15)
  amount?: number;

  @ApiPropertyOptional({ type: JustificationDto, description: 'Needed to cut faster than the gains arise' })
  @IsOptional()
  @ValidateNested()
  @Type(() => JustificationDto)
  override?: JustificationDto;

  @ApiPropertyOptional({ type: JustificationDto, description: 'Needed to propose while the case’s realisation is red' })
  @IsOptional()
  @ValidateNested()
  @Type(() => JustificationDto)
  realisationAcknowledgement?: JustificationDto;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class RequiredReasonDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class RetainedShareDto {
  @ApiProperty({ example: 25, description: 'Percent the department keeps, 0–100, at most 2 decimals' })
  @IsDecimal(2)
  @Min(0)
  @Max(100)
  pct!: number;

  @ApiProperty({ example: 2027, description: 'Budget year from which the share applies' })
  @IsInt()
  @Min(2000)
  @Max(2100)
  effectiveFromYear!: number;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class ClearRetainedShareDto {
  @ApiProperty({ example: 2028 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  effectiveFromYear!: number;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}
