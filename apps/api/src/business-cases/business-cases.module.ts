import { Module } from '@nestjs/common';
import { BusinessCasesController } from './business-cases.controller';
import { ExecuteBusinessCaseHandler } from './business-case.handler';

@Module({
  controllers: [BusinessCasesController],
  providers: [ExecuteBusinessCaseHandler],
})
export class BusinessCasesModule {}
