import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import type { AppConfig } from '@gevinst/platform';
import { AuditModule } from './audit/audit.module';
import { AuthGuard } from './auth/auth.guard';
import { DevSignInController } from './auth/dev-sign-in.controller';
import { MeController } from './auth/me.controller';
import { BusinessCasesModule } from './business-cases/business-cases.module';
import { HarvestModule } from './harvest/harvest.module';
import { PrioritisationModule } from './prioritisation/prioritisation.module';
import { RealisationModule } from './realisation/realisation.module';
import { MetricsModule } from './metrics/metrics';
import { KafkaModule } from './kafka/kafka.module';
import { DepartmentsController } from './departments/departments.controller';
import { HealthController } from './health/health.controller';
import { ProblemFilter } from './http/problem.filter';
import { ResponseCacheInterceptor } from './http/response-cache';
import { CoreModule } from './infrastructure/core.module';
import { SettingsController } from './settings/settings.controller';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config, logger), CqrsModule.forRoot(), MetricsModule, KafkaModule, AuditModule, BusinessCasesModule, HarvestModule, RealisationModule, PrioritisationModule],
      controllers: [
        HealthController,
        MeController,
        ...(config.auth.mode === 'dev' ? [DevSignInController] : []),
        DepartmentsController,
        SettingsController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_INTERCEPTOR, useClass: ResponseCacheInterceptor },
      ],
    };
  }
}
