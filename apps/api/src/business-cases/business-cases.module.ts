import { Module } from '@nestjs/common';
import { BusinessCasesController } from './business-cases.controller';
import { ExecuteBusinessCaseHandler } from './business-case.handler';
import { PortfolioList } from './portfolio-list';

@Module({
  controllers: [BusinessCasesController],
  providers: [ExecuteBusinessCaseHandler, PortfolioList],
})
export class BusinessCasesModule {}
