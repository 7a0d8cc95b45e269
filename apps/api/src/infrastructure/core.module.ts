import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { EVENT_STORE, type EventStore } from '@gevinst/event-store';
import { TokenVerifier, type AppConfig } from '@gevinst/platform';
import { Clock } from '../application/clock';
import { CommandRunner } from '../application/command-runner';
import { ReadModels } from '../read-models/read-models';
import { ResponseCache } from '../http/response-cache';
import { eventStoreProvider } from './event-store.provider';
import { APP_CONFIG, APP_LOGGER } from './tokens';

/** Closes the event store when the app shuts down (after the read models stopped). */
class StoreCloser implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** What every feature module uses: config, the event store, the command runner, the read models. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_LOGGER, useValue: logger },
        { provide: TokenVerifier, useFactory: () => new TokenVerifier(config) },
        eventStoreProvider,
        StoreCloser,
        Clock,
        CommandRunner,
        ReadModels,
        ResponseCache,
      ],
      exports: [APP_CONFIG, APP_LOGGER, TokenVerifier, EVENT_STORE, Clock, CommandRunner, ReadModels, ResponseCache],
    };
  }
}
