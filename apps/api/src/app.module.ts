import { Module, type DynamicModule, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import { EVENT_STORE, type EventStore } from '@gevinst/event-store';
import { CommandRunner } from './application/command-runner';
import { AuthGuard } from './auth/auth.guard';
import { MeController } from './auth/me.controller';
import { DevSignInController } from './auth/dev-sign-in.controller';
import { TokenVerifier } from '@gevinst/platform';
import type { AppConfig } from '@gevinst/platform';
import { HealthController } from './health/health.controller';
import { ProblemFilter } from './http/problem.filter';
import { eventStoreProvider } from './infrastructure/event-store.provider';
import { APP_CONFIG, APP_LOGGER } from './infrastructure/tokens';

/** Closes the event store when the app shuts down. */
class StoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [HealthController, MeController, ...(config.auth.mode === 'dev' ? [DevSignInController] : [])],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_LOGGER, useValue: logger },
        { provide: TokenVerifier, useFactory: () => new TokenVerifier(config) },
        eventStoreProvider,
        CommandRunner,
        StoreCloser,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
