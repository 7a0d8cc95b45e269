import { Module } from '@nestjs/common';
import { CaseBudgetCutsController, LedgerController, RetainedShareController } from './harvest.controller';
import { ProposeBudgetCutHandler } from './propose-budget-cut.handler';

@Module({
  controllers: [CaseBudgetCutsController, LedgerController, RetainedShareController],
  providers: [ProposeBudgetCutHandler],
})
export class HarvestModule {}
