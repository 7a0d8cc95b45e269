import { Global, Module } from '@nestjs/common';
import { AsOfService } from './as-of.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/**
 * The audit trail (docs/audit.md). Global so that every read controller can take AsOfService
 * and answer `?asOf=` / `?asOfPosition=`.
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AsOfService, AuditService],
  exports: [AsOfService, AuditService],
})
export class AuditModule {}
