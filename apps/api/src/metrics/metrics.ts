import { Controller, Get, Global, Header, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { Public } from '../auth/auth.decorators';
import { ReadModels } from '../read-models/read-models';

/** Sources of lag that other modules (the Kafka relay and consumer) register when they run. */
export type LagSource = () => Promise<number | null> | number | null;

/**
 * Prometheus metrics (prom-client, the standard Node client): process metrics, HTTP request
 * durations, the event log head, projection lag, and the Kafka relay's and consumer's lag
 * when Kafka is on.
 */
@Injectable()
export class Metrics implements OnModuleDestroy {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'gevinst_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  private readonly lagSources = new Map<string, LagSource>();

  constructor(readModels: ReadModels) {
    collectDefaultMetrics({ register: this.registry, prefix: 'gevinst_' });
    const sources = this.lagSources;
    new Gauge({
      name: 'gevinst_event_log_head_position',
      help: 'Global position of the last event in the log',
      registers: [this.registry],
      async collect() {
        const head = await readModels.store.headPosition();
        this.set(head === 'start' ? 0 : Number(head));
      },
    });
    new Gauge({
      name: 'gevinst_projection_lag_events',
      help: 'Events between the log head and the slowest projection',
      registers: [this.registry],
      async collect() {
        this.set(Number(await readModels.runner.lag()));
      },
    });
    new Gauge({
      name: 'gevinst_lag_events',
      help: 'Events (or messages) behind, by component: kafka-relay, measurement-consumer',
      labelNames: ['component'],
      registers: [this.registry],
      async collect() {
        for (const [component, source] of sources) {
          const lag = await source();
          if (lag !== null) this.set({ component }, lag);
        }
      },
    });
  }

  registerLag(component: string, source: LagSource): void {
    this.lagSources.set(component, source);
  }

  async lags(): Promise<Record<string, number | null>> {
    const out: Record<string, number | null> = {};
    for (const [component, source] of this.lagSources) out[component] = await source();
    return out;
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

@Global()
@Module({ controllers: [MetricsController], providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
